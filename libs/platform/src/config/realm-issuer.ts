import { Inject, Injectable } from '@nestjs/common';
import { realmIssuer } from '@mandate/oauth';
import { issuerConfig, type IssuerConfig } from './slices';

/** A realm's issuer from this deployment's AM_BASE_URL (contract §1), for the services that sign or check `iss`. */
@Injectable()
export class RealmIssuer {
  constructor(@Inject(issuerConfig.token) private readonly config: IssuerConfig) {}

  of(realm: string): string {
    return realmIssuer(this.config.AM_BASE_URL, realm);
  }
}
