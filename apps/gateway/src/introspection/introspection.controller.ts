import { Controller, Get, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import type { FastifyRequest } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { extractClientCredentials } from '../token/client-credentials.extractor';
import { formBody } from '../token/form-body';
import { tokenInfoToken } from './tokeninfo-token';

/** `introspect` (am-spec §7) and the legacy `tokeninfo` (§8), served by introspection-service. */
@Controller('oauth2')
export class IntrospectionController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('introspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  introspect(@RealmPath() realm: string, @Req() request: FastifyRequest) {
    // am-spec §7.1: POST with a form body only; the token never travels in the query.
    const { clientAuth, params } = extractClientCredentials(request.headers.authorization, formBody(request));
    for (const name of ['token', 'token_type_hint']) if (Array.isArray(params[name])) throw new InvalidRequestError(`Duplicate parameter: ${name}`);
    const { token, token_type_hint: tokenTypeHint } = params as Record<string, string | undefined>;
    return this.rpc.request(Messages.introspection.introspect, { realm, token, tokenTypeHint, clientAuth });
  }

  @Get('tokeninfo')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  tokeninfo(@RealmPath() realm: string, @Req() request: FastifyRequest, @Query('access_token') query: string | string[] | undefined) {
    const token = tokenInfoToken(request.headers.authorization, query);
    return this.rpc.request(Messages.introspection.tokeninfo, { realm, token });
  }
}
