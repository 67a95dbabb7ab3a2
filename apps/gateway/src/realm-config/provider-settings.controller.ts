import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import { idempotencyKeyMember } from '../http/idempotency-key';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';
import { jsonObject } from './crest-request';

/** `json/.../realm-config/services/oauth-oidc`: the realm's OAuth2 provider settings (am-spec §13.3). */
@Controller('json/realm-config/services')
export class ProviderSettingsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('oauth-oidc')
  read(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined) {
    return this.rpc.request(Messages.registration.adminProviderRead, { realm, tokenId });
  }

  @Put('oauth-oidc')
  replace(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Body() body: unknown) {
    return this.rpc.request(Messages.registration.adminProviderReplace, { realm, tokenId, body: jsonObject(body) });
  }

  /**
   * RFC 7591 §3 initial access tokens: `POST ?_action=create` → 201 with the token, shown this once,
   * or once more to a retry with the same `Idempotency-Key` (issue 25 item 1).
   */
  @Post('oauth-oidc/initialAccessTokens')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  createInitialToken(
    @RealmPath() realm: string,
    @SsoToken() tokenId: string | undefined,
    @Query('_action') action: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
  ) {
    if (action !== 'create') throw CrestError.badRequest(`Action ${action ?? '(none)'} not supported on initialAccessTokens`);
    const request = { realm, tokenId, body: body === undefined ? {} : jsonObject(body), ...idempotencyKeyMember(idempotencyKey, CrestError.badRequest) };
    return this.rpc.request(Messages.registration.adminInitialTokenCreate, request);
  }

  /** Every initial access token of the realm, without the token values. */
  @Get('oauth-oidc/initialAccessTokens')
  queryInitialTokens(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Query('_queryFilter') filter: string | undefined) {
    if (filter !== undefined && filter !== 'true') throw CrestError.badRequest('initialAccessTokens supports only _queryFilter=true');
    return this.rpc.request(Messages.registration.adminInitialTokenQuery, { realm, tokenId });
  }

  @Delete('oauth-oidc/initialAccessTokens/:id')
  deleteInitialToken(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('id') id: string) {
    return this.rpc.request(Messages.registration.adminInitialTokenDelete, { realm, tokenId, id });
  }
}
