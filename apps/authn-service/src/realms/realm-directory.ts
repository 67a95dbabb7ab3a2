import { Injectable } from '@nestjs/common';
import { type RealmView, Subjects, realmResolveReplySchema } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';

const CACHE_TTL_MS = 5_000;

/**
 * Realms belong to registration-service; this asks it and remembers known realms briefly.
 * An unknown realm answers CREST 404 `Realm /x not found` (contract §1), thrown by the owner.
 */
@Injectable()
export class RealmDirectory {
  private readonly cache = new Map<string, { realm: RealmView; until: number }>();

  constructor(private readonly rpc: RpcClient) {}

  async resolve(path: string): Promise<RealmView> {
    const hit = this.cache.get(path);
    if (hit && hit.until > Date.now()) return hit.realm;
    const realm = await this.rpc.request(Subjects.registration.realmResolve, { realm: path }, realmResolveReplySchema);
    this.cache.set(path, { realm, until: Date.now() + CACHE_TTL_MS });
    return realm;
  }
}
