import { Injectable } from '@nestjs/common';
import { type ActiveSession, Subjects, sessionValidateReplySchema } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { RpcClient } from '../rpc/rpc.client';

const CACHE_TTL_MS = 2_000;
const CACHE_MAX = 10_000;

/**
 * Asks authn-service whether an SSO token is a live session. Answers are cached for two
 * seconds (so a logout takes effect everywhere within that time) and the cache is bounded.
 */
@Injectable()
export class SessionClient {
  private readonly cache = new Map<string, { session: ActiveSession | undefined; until: number }>();

  constructor(private readonly rpc: RpcClient) {}

  async validate(tokenId: string | undefined): Promise<ActiveSession | undefined> {
    if (!tokenId) return undefined;
    const hit = this.cache.get(tokenId);
    if (hit && hit.until > Date.now()) return hit.session;
    const reply = await this.rpc.request(Subjects.authn.sessionValidate, { tokenId }, sessionValidateReplySchema);
    const session = reply.valid ? reply : undefined;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(tokenId, { session, until: Date.now() + CACHE_TTL_MS });
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
    this.cache.delete(tokenId);
  }
}
