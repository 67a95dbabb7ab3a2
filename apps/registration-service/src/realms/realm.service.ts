import { Inject, Injectable } from '@nestjs/common';
import { CrestError, REALM_STORE, type Realm, type RealmStore } from '@mandate/oauth';

const CACHE_TTL_MS = 5_000;

/** Resolves realm paths; known realms are cached briefly so a hot path reads no table. */
@Injectable()
export class RealmService {
  private readonly cache = new Map<string, { realm: Realm; until: number }>();

  constructor(@Inject(REALM_STORE) private readonly realms: RealmStore) {}

  async resolve(path: string): Promise<Realm> {
    const hit = this.cache.get(path);
    if (hit && hit.until > Date.now()) return hit.realm;
    const realm = await this.realms.findByPath(path);
    // contract §1: a path to an unknown realm answers 404 in the CREST shape
    if (!realm || !realm.active) throw CrestError.notFound(`Realm ${path} not found`);
    this.cache.set(path, { realm, until: Date.now() + CACHE_TTL_MS });
    return realm;
  }
}
