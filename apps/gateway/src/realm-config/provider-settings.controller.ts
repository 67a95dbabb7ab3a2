import { Body, Controller, Get, Put } from '@nestjs/common';
import { Subjects, crestResourceSchema } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';
import { jsonObject } from './crest-request';

/** `json/.../realm-config/services/oauth-oidc`: the realm's OAuth2 provider settings (am-spec §13.3). */
@Controller('json/realm-config/services')
export class ProviderSettingsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('oauth-oidc')
  read(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined) {
    return this.rpc.request(Subjects.registration.adminProviderRead, { realm, tokenId }, crestResourceSchema);
  }

  @Put('oauth-oidc')
  replace(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Body() body: unknown) {
    return this.rpc.request(Subjects.registration.adminProviderReplace, { realm, tokenId, body: jsonObject(body) }, crestResourceSchema);
  }
}
