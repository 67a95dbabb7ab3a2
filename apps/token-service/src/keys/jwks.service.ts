import { RealmClient } from '@mandate/platform';
import { Injectable } from '@nestjs/common';
import type { JwksGetReply } from '@mandate/contracts';
import { KeyService } from './key.service';

/** `connect/jwk_uri` (am-spec §10.2): the realm's published signing keys. */
@Injectable()
export class JwksService {
  constructor(
    private readonly realms: RealmClient,
    private readonly keys: KeyService,
  ) {}

  async get(realm: string): Promise<JwksGetReply> {
    const { path } = await this.realms.resolve(realm);
    return (await this.keys.publishedKeys(path)).jwks() as JwksGetReply;
  }
}
