import { Controller, Get, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { InvalidRequestError, MethodNotAllowedError } from '@mandate/oauth';
import { RpcClient, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { FastifyRequest } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { extractClientCredentials } from './client-credentials.extractor';
import { dpopOf } from './dpop-header';
import { formBody } from './form-body';

/** `access_token` (am-spec §4) and `token/revoke` (§9), served by token-service. */
@Controller('oauth2')
export class TokenController {
  /** The public origin (`AM_BASE_URL`'s): a proof's `htu` names the URL the client called, not the Host header. */
  private readonly origin: string;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(issuerConfig.token) issuer: IssuerConfig,
  ) {
    this.origin = new URL(issuer.AM_BASE_URL).origin;
  }

  @Post('access_token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@RealmPath() realm: string, @Req() request: FastifyRequest) {
    const { clientAuth, params } = extractClientCredentials(request.headers.authorization, formBody(request));
    return this.rpc.request(Messages.token.grant, { realm, params, clientAuth, ...dpopOf(request, this.origin) });
  }

  /** RFC 6749 §3.2: the token endpoint takes POST only; a GET is told so (405, `Allow: POST`) rather than "not found". */
  @Get('access_token')
  tokenByGet(): never {
    throw new MethodNotAllowedError(['POST']);
  }

  @Post('token/revoke')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  revoke(@RealmPath() realm: string, @Req() request: FastifyRequest) {
    const { clientAuth, params } = extractClientCredentials(request.headers.authorization, formBody(request));
    if (Array.isArray(params.token) || Array.isArray(params.token_type_hint)) throw new InvalidRequestError('Duplicate parameter: token');
    return this.rpc.request(Messages.token.revoke, { realm, token: params.token, tokenTypeHint: params.token_type_hint, clientAuth });
  }
}
