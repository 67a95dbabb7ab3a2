import { type UserLookupReply, Messages } from '@mandate/contracts';
import type { RpcClient } from '@mandate/platform';

/** As long as SessionClient keeps a session answer: a changed membership applies everywhere within 2 s. */
const CACHE_TTL_MS = 2_000;
const CACHE_MAX = 10_000;

/**
 * authn-service's users: one by `_id` or username, with its groups (`authn.user.lookup`).
 * Answers are kept briefly, so that an agent exchanging many tokens for the same user does not
 * cost a NATS round trip and two queries each time.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { reply: Promise<UserLookupReply>; until: number }>();

  constructor(
    private readonly rpc: Pick<RpcClient, 'request'>,
    /** 0: ask every time (the refresh of a delegated token re-checks its actors at once). */
    private readonly ttlMs = CACHE_TTL_MS,
  ) {}

  lookup(realm: string, user: string): Promise<UserLookupReply> {
    const key = `${realm}\u0000${user}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.reply;
    const reply = this.rpc.request(Messages.authn.userLookup, { realm, user });
    if (this.ttlMs <= 0) return reply;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    const entry = { reply, until: Date.now() + this.ttlMs };
    this.cache.set(key, entry);
    reply.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return reply;
  }
}
