import { Inject, Injectable } from '@nestjs/common';
import { type SessionEndedEvent, Messages } from '@mandate/contracts';
import { SSO_SESSION_STORE, type SsoSession, type SsoSessionStore, type User } from '@mandate/oauth';
import { AuditRecorder, EventPublisher } from '@mandate/platform';
import { authnConfig, type AuthnConfig } from '../config/authn.config';
import { newSessionToken, sessionTokenHash } from './session-token';

/** A password login's authentication level: AM's DataStore/password default is 0. */
export const PASSWORD_AUTH_LEVEL = 0;
/** Idle-time extensions are written at most this often per session (or a tenth of the idle time). */
const TOUCH_EVERY_MS = 30_000;
/** Sessions past their maximum lifetime are deleted at most this often (by whichever login comes next). */
const PURGE_EVERY_MS = 10 * 60_000;
const ADMIN = 'amadmin';

export interface LiveSession {
  session: SsoSession;
  /** When it ends at the latest: idle timeout or maximum lifetime, whichever is first. */
  expiresAt: Date;
  isAdmin: boolean;
}

/** SSO sessions with AM's idle and maximum lifetimes, stored by the token's hash. */
@Injectable()
export class SsoSessionService {
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly touchEveryMs: number;
  private lastPurge = 0;

  constructor(
    @Inject(SSO_SESSION_STORE) private readonly sessions: SsoSessionStore,
    @Inject(authnConfig.token) config: AuthnConfig,
    private readonly events: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {
    this.idleMs = config.SSO_SESSION_IDLE_MINUTES * 60_000;
    this.maxMs = config.SSO_SESSION_MAX_MINUTES * 60_000;
    this.touchEveryMs = Math.min(TOUCH_EVERY_MS, this.idleMs / 10);
  }

  /** Opens a session for a signed-in user; answers the token (shown once, stored hashed). */
  async open(user: User): Promise<string> {
    const token = newSessionToken();
    await this.sessions.create({
      tokenHash: sessionTokenHash(token),
      userId: user.id,
      realm: user.realm,
      authLevel: PASSWORD_AUTH_LEVEL,
      expiresAt: new Date(Date.now() + this.maxMs),
    });
    if (Date.now() - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.sessions.purgeExpired(new Date());
    }
    return token;
  }

  /** The live session of a token, extending its idle time; undefined when unknown or expired. */
  async validate(token: string | undefined): Promise<LiveSession | undefined> {
    if (!token) return undefined;
    const hash = sessionTokenHash(token);
    const session = await this.sessions.findByTokenHash(hash);
    if (!session) return undefined;
    const now = Date.now();
    if (now >= session.expiresAt.getTime() || now >= session.lastSeenAt.getTime() + this.idleMs) {
      if (await this.sessions.revoke(hash)) await this.ended(hash, 'expired');
      return undefined;
    }
    if (now - session.lastSeenAt.getTime() >= this.touchEveryMs) {
      session.lastSeenAt = new Date(now);
      await this.sessions.touch(session.id, session.lastSeenAt);
    }
    const expiresAt = new Date(Math.min(session.expiresAt.getTime(), session.lastSeenAt.getTime() + this.idleMs));
    return { session, expiresAt, isAdmin: isAdministrator(session.realm, session.username) };
  }

  /** Ends the token's session; false when there was no live one. */
  async logout(token: string | undefined): Promise<boolean> {
    const live = await this.validate(token);
    if (!live) return false;
    const hash = sessionTokenHash(token as string);
    const revoked = await this.sessions.revoke(hash);
    // Before the logout answers: every process's session cache drops it first (no 2 s of codes after a logout).
    if (revoked) await this.ended(hash, 'logout', { realm: live.session.realm, userId: live.session.userId });
    if (revoked) await this.audit.record({ realm: live.session.realm, event: 'logout', outcome: 'success', subject: live.session.userId });
    return revoked;
  }

  private ended(tokenHash: string, reason: SessionEndedEvent['reason'], user: { realm?: string; userId?: string } = {}): Promise<void> {
    return this.events.publish(Messages.authn.sessionEnded, { tokenHash, reason, ...user } satisfies SessionEndedEvent);
  }
}

/** amadmin of the top-level realm is the administrator (am-spec §2.3). */
export function isAdministrator(realm: string, username: string): boolean {
  return realm === '/' && username.toLowerCase() === ADMIN;
}
export const ADMIN_USERNAME = ADMIN;
