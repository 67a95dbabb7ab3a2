import { Injectable } from '@nestjs/common';
import { type RealmView, Messages } from '@mandate/contracts';
import { RpcClient } from '../rpc/rpc.client';

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 1_000;

/**
 * Asks registration-service (which owns realms) whether a realm exists. Known realms are
 * cached for a few seconds; an unknown one is not cached and answers registration-service's
 * CREST 404 (contract §1).
 */
@Injectable()
export class RealmClient {
  private readonly cache = new Map<string, { realm: RealmView; until: number }>();

  constructor(private readonly rpc: RpcClient) {}

  async resolve(path: string): Promise<RealmView> {
    const hit = this.cache.get(path);
    if (hit && hit.until > Date.now()) return hit.realm;
    const realm = await this.rpc.request(Messages.registration.realmResolve, { realm: path });
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(path, { realm, until: Date.now() + CACHE_TTL_MS });
    return realm;
  }
}
