import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { randomToken, timingSafeEqualString } from '@mandate/crypto';
import { MandateError } from '@mandate/oauth';
import { RpcClient, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { basePath } from '../http/realm-rewrite';
import { SSO_TOKEN_NAME } from '../http/sso-token.decorator';
import { ssoCookieOptions } from '../identity/sso-cookie';
import { AuthorizeUrls } from './authorize-urls';
import { sendPage } from './html-page';
import { safeGoto } from './login-goto';
import { loginPage, signedInPage } from './pages';

/** Double-submit token against login CSRF (a forged form signing the victim in as the attacker). */
export const LOGIN_CSRF_COOKIE = 'mandate-login-csrf';

/**
 * The login page of the authorize flow (am-spec §3.1): a form that signs in through authn-service
 * (`authn.authenticate`), sets `iPlanetDirectoryPro`, and returns to `goto` when it is a path of
 * this deployment under `/oauth2/`.
 */
@Controller('oauth2')
export class LoginController {
  private readonly basePath: string;
  private readonly urls: AuthorizeUrls;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(issuerConfig.token) private readonly issuer: IssuerConfig,
  ) {
    this.basePath = basePath(issuer.AM_BASE_URL);
    this.urls = new AuthorizeUrls(this.basePath);
  }

  @Get('login')
  show(@RealmPath() realm: string, @Query('goto') goto: unknown, @Res() reply: FastifyReply) {
    return this.form(reply, 200, realm, typeof goto === 'string' ? safeGoto(goto, this.basePath) : undefined);
  }

  @Post('login')
  async submit(@RealmPath() realm: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const field = (name: string) => {
      const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
      return typeof value === 'string' ? value : undefined;
    };
    const goto = safeGoto(field('goto'), this.basePath);
    const username = field('username') ?? '';
    const sent = field('login_csrf');
    const expected = request.cookies?.[LOGIN_CSRF_COOKIE];
    if (!sent || !expected || !timingSafeEqualString(sent, expected)) {
      return this.form(reply, 400, realm, goto, { username, error: 'The sign-in form has expired. Please try again.' });
    }
    const password = field('password');
    if (!username || !password) return this.form(reply, 401, realm, goto, { username, error: 'Enter your user name and password.' });
    let tokenId: string | undefined;
    try {
      const result = await this.rpc.request(Messages.authn.authenticate, { realm, credentials: { username, password } });
      tokenId = 'tokenId' in result ? result.tokenId : undefined;
    } catch (error) {
      if (!(error instanceof MandateError) || error.status !== 401) throw error;
    }
    if (!tokenId) return this.form(reply, 401, realm, goto, { username, error: 'Invalid user name or password.' });
    reply.setCookie(SSO_TOKEN_NAME, tokenId, ssoCookieOptions(this.issuer.AM_BASE_URL));
    reply.clearCookie(LOGIN_CSRF_COOKIE, this.loginCsrfCookieOptions(realm));
    if (!goto) return sendPage(reply, 200, signedInPage(username));
    return reply.status(302).headers({ Location: goto, 'Cache-Control': 'no-store', Pragma: 'no-cache' }).send();
  }

  private form(reply: FastifyReply, status: number, realm: string, goto: string | undefined, extra: { username?: string; error?: string } = {}) {
    const loginCsrf = randomToken(32);
    reply.setCookie(LOGIN_CSRF_COOKIE, loginCsrf, this.loginCsrfCookieOptions(realm));
    return sendPage(reply, status, loginPage({ action: this.urls.login(realm), goto, loginCsrf, ...extra }));
  }

  private loginCsrfCookieOptions(realm: string) {
    return { ...ssoCookieOptions(this.issuer.AM_BASE_URL), path: this.urls.login(realm), sameSite: 'strict' as const };
  }
}
