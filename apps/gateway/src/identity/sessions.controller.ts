import { Body, Controller, Header, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { RpcClient, SessionClient, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { FastifyReply } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { SSO_TOKEN_NAME, SsoToken } from '../http/sso-token.decorator';
import { ssoCookieOptions } from './sso-cookie';

/** contract §1: `POST /json/realms/.../sessions?_action=validate|logout` (AM also writes `sessions/`). */
@Controller('json')
export class SessionsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly sessions: SessionClient,
    @Inject(issuerConfig.token) private readonly issuer: IssuerConfig,
  ) {}

  @Post('sessions')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async action(
    @Query('_action') action: string | undefined,
    @RealmPath() realm: string,
    @SsoToken() token: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (action === 'validate') {
      // The token to check is the body's `tokenId`, else the caller's own.
      const named = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['tokenId'] : undefined;
      const tokenId = typeof named === 'string' && named ? named : token;
      return this.rpc.request(Messages.authn.sessionCheck, { realm, tokenId });
    }
    if (action === 'logout') {
      const result = await this.rpc.request(Messages.authn.sessionLogout, { realm, tokenId: token });
      if (token) this.sessions.forget(token);
      reply.clearCookie(SSO_TOKEN_NAME, ssoCookieOptions(this.issuer.AM_BASE_URL));
      return result;
    }
    throw new CrestError(501, `Action ${action ?? '(none)'} not supported`);
  }
}
