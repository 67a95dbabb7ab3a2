import { Controller, Get, Header } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';
import { RealmPath } from '../http/realm.decorator';

/** Provider metadata, served by registration-service. */
@Controller('oauth2/.well-known')
export class DiscoveryController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('openid-configuration')
  @Header('Cache-Control', 'no-cache')
  openid(@RealmPath() realm: string) {
    return this.rpc.request(Messages.registration.discoveryGet, { realm, document: 'openid' });
  }

  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'no-cache')
  oauth(@RealmPath() realm: string) {
    return this.rpc.request(Messages.registration.discoveryGet, { realm, document: 'oauth' });
  }
}
