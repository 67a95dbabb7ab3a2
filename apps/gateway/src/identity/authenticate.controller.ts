import { Body, Controller, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { RpcClient, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { SSO_TOKEN_NAME } from '../http/sso-token.decorator';
import { parseLoginCredentials } from './authenticate-request.parser';
import { ssoCookieOptions } from './sso-cookie';

/** am-spec §2: `POST /json/realms/.../authenticate`, served by authn-service. */
@Controller('json')
export class AuthenticateController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(issuerConfig.token) private readonly issuer: IssuerConfig,
  ) {}

  @Post('authenticate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async authenticate(@RealmPath() realm: string, @Req() request: FastifyRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const credentials = parseLoginCredentials(request.headers, body);
    const result = await this.rpc.request(Messages.authn.authenticate, { realm, credentials });
    if ('tokenId' in result) reply.setCookie(SSO_TOKEN_NAME, result.tokenId, ssoCookieOptions(this.issuer.AM_BASE_URL));
    return result;
  }
}
