import { Inject, Injectable } from '@nestjs/common';
import type { KeysRotateReply } from '@mandate/contracts';
import { SIGNING_KEY_STORE, type SigningKeyStore } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, RealmClient, SessionClient, adminChange } from '@mandate/platform';
import { KeyService } from './key.service';
import { keysConfig, type KeysConfig } from './keys.config';
import { KeysRotatedPublisher } from './keys-rotated.publisher';

const DAY_MS = 86_400_000;

/**
 * The two ways a realm's signing key rotates: on an administrator's action, and on the
 * schedule (MANDATE_KEY_ROTATION_DAYS). Either way the rotation is a compare-and-swap on the
 * active key (SigningKeyStore.replaceActive), so replicas racing on the same key rotate it once,
 * and every replica hears of it (`token.keys.rotated`).
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly keys: KeyService,
    @Inject(SIGNING_KEY_STORE) private readonly store: SigningKeyStore,
    private readonly sessions: SessionClient,
    private readonly realms: RealmClient,
    private readonly publisher: KeysRotatedPublisher,
    @Inject(keysConfig.token) private readonly config: KeysConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  /** amadmin only (401 without a live session, 403 for anyone else); answers the new active key. */
  async rotateByAdmin(tokenId: string | undefined, realm: string): Promise<KeysRotateReply> {
    const admin = await this.sessions.requireAdmin(tokenId);
    const { path } = await this.realms.resolve(realm);
    const ring = await this.keys.rotate(path);
    await this.publisher.rotated({ realm: path, kid: ring.activeKid });
    this.logger.info({ event: 'signing_key_rotated', realm: path, kid: ring.activeKid, by: admin.username }, 'signing key rotated by an administrator');
    await this.audit.record(adminChange(path, admin.userId, 'create', `realm-config/keys/${ring.activeKid}`));
    return { kid: ring.activeKid, alg: ring.active.alg };
  }

  /**
   * Rotates every realm whose active key was created more than MANDATE_KEY_ROTATION_DAYS
   * before `now` (0: never). Answers the realms this replica rotated; a key another replica
   * rotated first is left alone.
   */
  async rotateDue(now: Date = new Date()): Promise<string[]> {
    const days = this.config.MANDATE_KEY_ROTATION_DAYS;
    if (days === 0) return [];
    const due = await this.store.findActiveCreatedBefore(new Date(now.getTime() - days * DAY_MS));
    const rotated: string[] = [];
    for (const key of due) {
      const kid = await this.keys.rotateFrom(key.realm, key.kid, key.alg);
      if (!kid) continue;
      await this.publisher.rotated({ realm: key.realm, kid });
      this.logger.info({ event: 'signing_key_rotated', realm: key.realm, kid, retiredKid: key.kid, by: 'schedule' }, 'signing key rotated on schedule');
      rotated.push(key.realm);
    }
    return rotated;
  }
}
