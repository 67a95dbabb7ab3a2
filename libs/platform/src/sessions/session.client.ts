import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type ActiveSession, type SessionEndedEvent, Messages } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { RpcClient } from '../rpc/rpc.client';

const CACHE_TTL_MS = 2_000;
const CACHE_MAX = 10_000;

interface CachedAnswer {
  session: ActiveSession | undefined;
  until: number;
  /** Set by `authn.session.ended`: an answer still in flight must not bring the session back. */
  ended?: true;
}

/**
 * Asks authn-service whether an SSO token is a live session. Answers are cached for two
 * seconds and the cache is bounded; `authn.session.ended` (logout, expiry) drops a session's
 * answer in every process at once (SessionEndedHandler). Entries are keyed by the token's
 * SHA-256, the name the event uses, so the token itself is kept nowhere.
 */
@Injectable()
export class SessionClient {
  private readonly cache = new Map<string, CachedAnswer>();
  private readonly endedListeners: Array<(event: SessionEndedEvent) => void> = [];
  /** Bumped by resync(): an answer asked for before it is not cached. */
  private generation = 0;

  constructor(private readonly rpc: RpcClient) {}

  async validate(tokenId: string | undefined): Promise<ActiveSession | undefined> {
    if (!tokenId) return undefined;
    const key = tokenHash(tokenId);
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.session;
    const generation = this.generation;
    const reply = await this.rpc.request(Messages.authn.sessionValidate, { tokenId });
    const now = this.cache.get(key);
    if (now?.ended && now.until > Date.now()) return undefined;
    const session = reply.valid ? reply : undefined;
    if (generation !== this.generation) return session;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    // Never past the session's own end.
    const until = Math.min(Date.now() + CACHE_TTL_MS, session ? Date.parse(session.expiresAt) || 0 : Infinity);
    this.cache.set(key, { session, until });
    return session;
  }

  /** AM admin REST: no or dead token → 401; a live session that is not amadmin's → 403. */
  async requireAdmin(tokenId: string | undefined): Promise<ActiveSession> {
    const session = await this.validate(tokenId);
    if (!session) throw CrestError.unauthorized('Access Denied');
    if (!session.isAdmin) throw CrestError.forbidden(`User, ${session.username}, not authorized.`);
    return session;
  }

  /** Forget a token at once (this process only), e.g. after it logged out here. */
  forget(tokenId: string): void {
    this.ended(tokenHash(tokenId));
  }

  /** Also tell `listener` of every `authn.session.ended` (token-service revokes a user's tokens at logout when the provider says so). */
  onEnded(listener: (event: SessionEndedEvent) => void): () => void {
    this.endedListeners.push(listener);
    return () => this.endedListeners.splice(this.endedListeners.indexOf(listener), 1);
  }

  /** The whole event: forget the session, then tell the listeners. */
  endedEvent(event: SessionEndedEvent): void {
    this.ended(event.tokenHash);
    for (const listener of [...this.endedListeners]) listener(event);
  }

  /**
   * Session events may have been missed: every answer is asked again. The marks of sessions
   * known to have ended stay, so that an answer still in flight cannot bring one back.
   */
  resync(): void {
    this.generation++;
    for (const [key, entry] of this.cache) if (!entry.ended) this.cache.delete(key);
  }

  /** `authn.session.ended`: the session is dead; remember that for as long as an answer could be cached. */
  ended(hash: string): void {
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { session: undefined, until: Date.now() + CACHE_TTL_MS, ended: true });
  }
}

/** The SHA-256 (hex) authn-service stores a session token by. */
export function tokenHash(tokenId: string): string {
  return createHash('sha256').update(tokenId, 'utf8').digest('hex');
}
