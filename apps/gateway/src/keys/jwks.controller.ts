import { Controller, Get, Header } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';
import { RealmPath } from '../http/realm.decorator';

/** The realm's public signing keys (am-spec §10.2), served by token-service. */
@Controller('oauth2/connect')
export class JwksController {
  constructor(private readonly rpc: RpcClient) {}

  // AM documents no caching for jwk_uri; resource servers refetch on an unknown kid anyway.
  @Get('jwk_uri')
  @Header('Cache-Control', 'no-cache')
  jwks(@RealmPath() realm: string) {
    return this.rpc.request(Messages.token.jwksGet, { realm });
  }
}
