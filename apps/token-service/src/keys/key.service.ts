import { Inject, Injectable } from '@nestjs/common';
import { type NewSigningKey, SIGNING_KEY_STORE, type SigningKeyStore, type StoredSigningKey } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import { KeyRing, type PublishedKey, type SigningAlgorithm, generateSigningKey } from '@mandate/crypto';
import { keysConfig, type KeysConfig } from './keys.config';
import { PrivateKeySealer } from './private-key.sealer';

/** contract §3.10: JWTs are RS256 unless the provider's `tokenSigningAlgorithm` says ES256. */
export const DEFAULT_SIGNING_ALGORITHM: SigningAlgorithm = 'RS256';

/**
 * How long a replica keeps a realm's key ring before reading the table again. Another replica's
 * rotation reaches this one within this time, so a retired key stays published this much longer.
 */
export const KEY_RING_CACHE_MS = 60_000;

/**
 * Owns the realms' signing keys: creates a realm's first key pair on first use (once, however
 * many replicas race), rotates, and hands out a cached `KeyRing` per realm.
 */
@Injectable()
export class KeyService {
  private readonly rings = new Map<string, { ring: Promise<KeyRing>; until: number }>();

  constructor(
    @Inject(SIGNING_KEY_STORE) private readonly store: SigningKeyStore,
    private readonly sealer: PrivateKeySealer,
    @Inject(keysConfig.token) private readonly config: KeysConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The realm's key ring, whose active key is an `alg` key. A realm without a key gets one now;
   * a realm whose active key has another algorithm rotates to a new `alg` key, and the old one
   * stays published for the grace period (am-spec §10.2).
   */
  keyRing(realm: string, alg: SigningAlgorithm = DEFAULT_SIGNING_ALGORITHM): Promise<KeyRing> {
    return this.ring(realm, alg);
  }

  /** The realm's published keys, whatever the active key's algorithm (RS256 when the realm has none yet). */
  async publishedKeys(realm: string): Promise<KeyRing> {
    return this.ring(realm, undefined);
  }

  /**
   * Makes a new active key (of the current algorithm unless `alg` is given) and retires the
   * previous one, which stays published until the last token it signed has expired.
   */
  async rotate(realm: string, alg?: SigningAlgorithm): Promise<KeyRing> {
    this.rings.delete(realm);
    const current = (await this.publishedKeys(realm)).active;
    await this.replace(realm, current.kid, alg ?? current.alg);
    this.rings.delete(realm);
    return this.ring(realm, alg);
  }

  /**
   * Rotates the realm away from `currentKid` if it is still the active key (the scheduled
   * rotation). Answers the new key's kid, or undefined when another rotation got there first.
   */
  async rotateFrom(realm: string, currentKid: string, alg: SigningAlgorithm): Promise<string | undefined> {
    const kid = await this.replace(realm, currentKid, alg);
    this.rings.delete(realm);
    return kid;
  }

  /** Drops the realm's cached ring (another replica rotated): the next use reads the table. */
  forget(realm: string): void {
    this.rings.delete(realm);
  }

  /** Drops every cached ring (rotations may have been missed): each realm reads the table again. */
  forgetAll(): void {
    this.rings.clear();
  }

  private async ring(realm: string, alg: SigningAlgorithm | undefined): Promise<KeyRing> {
    const hit = this.rings.get(realm);
    if (hit && hit.until > Date.now()) {
      const ring = await hit.ring;
      if (!alg || ring.active.alg === alg) return ring;
    }
    const loading = this.load(realm, alg);
    const entry = { ring: loading, until: Date.now() + KEY_RING_CACHE_MS };
    this.rings.set(realm, entry);
    loading.catch(() => {
      if (this.rings.get(realm) === entry) this.rings.delete(realm);
    });
    return loading;
  }

  private async load(realm: string, alg: SigningAlgorithm | undefined): Promise<KeyRing> {
    let keys = await this.store.findPublished(realm, new Date());
    let active = keys.find((k) => k.status === 'active');
    if (!active) {
      // First use: every replica may get here; the one active key per realm is whichever insert won.
      const won = await this.store.insertActiveIfAbsent(await this.newKey(realm, alg ?? DEFAULT_SIGNING_ALGORITHM));
      if (won) this.logger.info({ realm }, 'created the realm’s first signing key');
      keys = await this.store.findPublished(realm, new Date());
      active = keys.find((k) => k.status === 'active');
    } else if (alg && active.alg !== alg) {
      await this.replace(realm, active.kid, alg);
      keys = await this.store.findPublished(realm, new Date());
      active = keys.find((k) => k.status === 'active');
    }
    if (!active) throw new Error(`realm ${realm} has no active signing key after creating one`);
    return new KeyRing({
      active: {
        kid: active.kid,
        alg: active.alg,
        publicJwk: active.publicJwk,
        privateJwk: await this.sealer.open(active.kid, active.sealedPrivateJwk),
        createdAt: active.createdAt,
      },
      previous: keys.filter((k) => k !== active).map(toPublishedKey),
    });
  }

  /**
   * Compare-and-swap rotation away from `currentKid`; losing the race to another replica is fine.
   * Answers the new kid when this call rotated.
   */
  private async replace(realm: string, currentKid: string, alg: SigningAlgorithm): Promise<string | undefined> {
    const next = await this.newKey(realm, alg);
    const notAfter = new Date(Date.now() + this.config.MANDATE_MAX_TOKEN_LIFETIME_S * 1000 + KEY_RING_CACHE_MS);
    const rotated = await this.store.replaceActive(currentKid, next, notAfter);
    if (!rotated) return undefined;
    this.logger.info({ realm, kid: next.kid, alg, retiredKid: currentKid, notAfter }, 'rotated the realm’s signing key');
    return next.kid;
  }

  private async newKey(realm: string, alg: SigningAlgorithm): Promise<NewSigningKey> {
    const key = await generateSigningKey(alg);
    return { realm, kid: key.kid, alg, publicJwk: key.publicJwk, sealedPrivateJwk: await this.sealer.seal(key.kid, key.privateJwk) };
  }
}

function toPublishedKey(key: StoredSigningKey): PublishedKey {
  return { kid: key.kid, alg: key.alg, publicJwk: key.publicJwk, notAfter: key.notAfter };
}
