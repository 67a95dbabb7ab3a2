import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { type AuthorizeReply, Messages } from '@mandate/contracts';
import { OAuthError } from '@mandate/oauth';
import { RpcClient, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { basePath } from '../http/realm-rewrite';
import { SsoToken } from '../http/sso-token.decorator';
import { acceptsHtml, collectAuthorizeParams } from './authorize-request.parser';
import { AuthorizeUrls, withoutConsentAnswer } from './authorize-urls';
import { sendPage } from './html-page';
import { consentPage, errorPage } from './pages';

/**
 * am-spec §3, contract §3.9: `GET|POST oauth2/.../authorize`. Collects the parameters, the SSO
 * token and whether the caller is a browser; authorize-service decides; the answer becomes a
 * 302, a page, or OAuth JSON.
 */
@Controller('oauth2')
export class AuthorizeController {
  private readonly urls: AuthorizeUrls;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(issuerConfig.token) issuer: IssuerConfig,
  ) {
    this.urls = new AuthorizeUrls(basePath(issuer.AM_BASE_URL));
  }

  @Get('authorize')
  viaQuery(@RealmPath() realm: string, @SsoToken() ssoToken: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.authorize(realm, ssoToken, request, reply, request.query);
  }

  @Post('authorize')
  viaForm(@RealmPath() realm: string, @SsoToken() ssoToken: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return this.authorize(realm, ssoToken, request, reply, request.query, body);
  }

  private async authorize(realm: string, ssoToken: string | undefined, request: FastifyRequest, reply: FastifyReply, ...sources: unknown[]) {
    const { params, repeated, resources } = collectAuthorizeParams(...sources);
    const browser = acceptsHtml(request.headers.accept);
    const answer = await this.rpc.request(Messages.authorize.request, { realm, params, repeated, resources, ssoToken, browser });
    return this.write(reply, answer, { realm, params, resources, ssoToken, browser });
  }

  private write(reply: FastifyReply, answer: AuthorizeReply, request: { realm: string; params: Record<string, string>; resources: string[]; ssoToken?: string; browser: boolean }) {
    switch (answer.kind) {
      case 'redirect':
        return redirect(reply, answer.location);
      case 'login':
        return redirect(reply, this.urls.loginReturningTo(request.realm, request.params, request.resources));
      case 'consent':
        return sendPage(
          reply,
          200,
          consentPage({ action: this.urls.authorize(request.realm), prompt: answer.prompt, fields: withoutConsentAnswer(request.params), resources: request.resources, csrf: request.ssoToken ?? '' }),
        );
      case 'refused':
        if (request.browser) return sendPage(reply, answer.status, errorPage(answer.error, answer.errorDescription));
        // Written by the one OAuth error writer (WireErrorFilter), as every other route's errors.
        throw new OAuthError(answer.status, answer.error, answer.errorDescription);
    }
  }
}

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.status(302).headers({ Location: location, 'Cache-Control': 'no-store', Pragma: 'no-cache' }).send();
}
