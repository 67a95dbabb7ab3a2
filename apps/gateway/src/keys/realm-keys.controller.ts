import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';

/**
 * `json/.../realm-config/keys` (Mandate's own admin resource; AM keeps signing keys in secret
 * stores and has no such endpoint): `POST ?_action=rotate` makes a new signing key active now,
 * amadmin only, and answers its `kid`.
 */
@Controller('json/realm-config/keys')
export class RealmKeysController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(200)
  rotate(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Query('_action') action: string | undefined) {
    if (action !== 'rotate') throw CrestError.badRequest(`Action ${action ?? '(none)'} not supported on keys`);
    return this.rpc.request(Messages.token.keysRotate, { realm, tokenId });
  }
}
