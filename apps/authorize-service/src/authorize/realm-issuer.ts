import { Inject, Injectable } from '@nestjs/common';
import { realmUrlSegment } from '@mandate/oauth';
import { issuerConfig, type IssuerConfig } from '@mandate/platform';

/** contract §1: a realm's issuer is `{AM_BASE_URL}/oauth2/realms/root/realms/<realm>`, never the Host header. */
@Injectable()
export class RealmIssuer {
  constructor(@Inject(issuerConfig.token) private readonly config: IssuerConfig) {}

  of(realm: string): string {
    return `${this.config.AM_BASE_URL}/oauth2${realmUrlSegment(realm)}`;
  }
}
