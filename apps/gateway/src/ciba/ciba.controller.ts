import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { CrestError, MandateError, MethodNotAllowedError, realmUrlSegment } from '@mandate/oauth';
import { RpcClient, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { sendPage } from '../authorize/html-page';
import { errorPage } from '../authorize/pages';
import { RealmPath } from '../http/realm.decorator';
import { basePath } from '../http/realm-rewrite';
import { SsoToken } from '../http/sso-token.decorator';
import { extractClientCredentials } from '../token/client-credentials.extractor';
import { formBody } from '../token/form-body';
import { approvalsPage } from './approvals-page';

/** The approvals page's CSRF token: the SHA-256 of the SSO token, which only the session's own pages can know (the cookie is HttpOnly). */
function csrfOf(ssoToken: string): string {
  return createHash('sha256').update(`approvals:${ssoToken}`).digest('base64url');
}

function sameCsrf(sent: unknown, ssoToken: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(csrfOf(ssoToken));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * OpenID CIBA Core 1.0 (issue 21): `bc-authorize` (token-service), the approvals page for the
 * signed-in user and the same over REST (authorize-service).
 */
@Controller()
export class CibaController {
  private readonly base: string;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(issuerConfig.token) issuer: IssuerConfig,
  ) {
    this.base = basePath(issuer.AM_BASE_URL);
  }

  @Post('oauth2/bc-authorize')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  bcAuthorize(@RealmPath() realm: string, @Req() request: FastifyRequest) {
    const { clientAuth, params } = extractClientCredentials(request.headers.authorization, formBody(request));
    return this.rpc.request(Messages.token.bcAuthorize, { realm, params, clientAuth });
  }

  @Get('oauth2/bc-authorize')
  bcAuthorizeByGet(): never {
    throw new MethodNotAllowedError(['POST']);
  }

  @Get('oauth2/approvals')
  page(@RealmPath() realm: string, @SsoToken() ssoToken: string | undefined, @Res() reply: FastifyReply) {
    return this.render(realm, ssoToken, reply);
  }

  private async render(realm: string, ssoToken: string | undefined, reply: FastifyReply, notice?: string) {
    const approvals = ssoToken ? await this.listOrUndefined(realm, ssoToken) : undefined;
    if (!approvals || !ssoToken) return this.toLogin(reply, realm);
    return sendPage(reply, 200, approvalsPage({ username: approvals.username, approvals: approvals.result, action: (id) => this.pageAction(realm, id), csrf: csrfOf(ssoToken), notice }));
  }

  @Post('oauth2/approvals/:id')
  async decideByForm(@RealmPath() realm: string, @SsoToken() ssoToken: string | undefined, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!ssoToken) return this.toLogin(reply, realm);
    const form = formBody(request);
    if (!sameCsrf(form.csrf, ssoToken)) return sendPage(reply, 403, errorPage('access_denied', 'The form has expired: open the approvals page again.'));
    const action = form.decision === 'approve' ? 'approve' : form.decision === 'deny' ? 'deny' : undefined;
    if (!action) return sendPage(reply, 400, errorPage('invalid_request', 'Choose Approve or Deny.'));
    try {
      await this.rpc.request(Messages.authorize.approvalDecide, { realm, ssoToken, id, action });
    } catch (error) {
      if (error instanceof MandateError && error.status === 401) return this.toLogin(reply, realm);
      if (error instanceof MandateError && error.status < 500) return sendPage(reply, error.status, errorPage('invalid_request', error.message));
      throw error;
    }
    return this.render(realm, ssoToken, reply, action === 'approve' ? 'Approved.' : 'Denied.');
  }

  @Get('json/users/:user/approvals')
  @Header('Cache-Control', 'no-store')
  async list(@RealmPath() realm: string, @SsoToken() ssoToken: string | undefined, @Param('user') user: string) {
    const { result, resultCount } = await this.rpc.request(Messages.authorize.approvalsList, { realm, ssoToken, user });
    return { result, resultCount, pagedResultsCookie: null, totalPagedResultsPolicy: 'NONE', totalPagedResults: -1, remainingPagedResults: -1 };
  }

  @Post('json/users/:user/approvals/:id')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  decide(@RealmPath() realm: string, @SsoToken() ssoToken: string | undefined, @Param('user') user: string, @Param('id') id: string, @Query('_action') action: unknown) {
    if (action !== 'approve' && action !== 'deny') throw CrestError.badRequest('_action must be approve or deny');
    return this.rpc.request(Messages.authorize.approvalDecide, { realm, ssoToken, user, id, action });
  }

  private async listOrUndefined(realm: string, ssoToken: string) {
    try {
      return await this.rpc.request(Messages.authorize.approvalsList, { realm, ssoToken });
    } catch (error) {
      if (error instanceof MandateError && error.status === 401) return undefined;
      throw error;
    }
  }

  private pageAction(realm: string, id: string): string {
    return `${this.base}/oauth2${realmUrlSegment(realm)}/approvals/${encodeURIComponent(id)}`;
  }

  private toLogin(reply: FastifyReply, realm: string): FastifyReply {
    const goto = `${this.base}/oauth2${realmUrlSegment(realm)}/approvals`;
    const location = `${this.base}/oauth2${realmUrlSegment(realm)}/login?${new URLSearchParams({ goto }).toString()}`;
    return reply.status(302).headers({ Location: location, 'Cache-Control': 'no-store', Pragma: 'no-cache' }).send();
  }
}
