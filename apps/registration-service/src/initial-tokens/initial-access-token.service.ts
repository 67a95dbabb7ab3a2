import { Inject, Injectable } from '@nestjs/common';
import type { CrestQueryReply } from '@mandate/contracts';
import { randomToken, sha256Base64url } from '@mandate/crypto';
import { CrestError, INITIAL_ACCESS_TOKEN_STORE, type InitialAccessToken, type InitialAccessTokenStore, type Realm } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import { z } from 'zod';
import type { Actor } from '../admin/admin-access';
import { invalidAttributes, problemsOf } from '../realm-config/invalid-attribute';
import { IdempotentReplies, crestKeyReused } from '../idempotency/idempotent-replies';

const count = (what: string) => z.number({ error: `must be a whole number of ${what}, 1 or more` }).int(`must be a whole number of ${what}, 1 or more`).min(1, `must be a whole number of ${what}, 1 or more`);

/** `POST ...initialAccessTokens?_action=create` body; both members optional (no expiry, any number of uses). */
const createBodySchema = z.strictObject({ expiresIn: count('seconds').optional(), maxUses: count('registrations').optional() }, { error: (i) => (i.code === 'unrecognized_keys' ? `unknown member ${i.keys.join(', ')}` : undefined) });

/**
 * RFC 7591 §3 initial access tokens for controlled registration (issue 17): an administrator
 * creates one (shown once, stored as SHA-256), hands it to a registrant, who presents it as
 * `Authorization: Bearer`; registration accepts it while open registration is off, until it
 * expires, its uses are spent or it is deleted.
 */
@Injectable()
export class InitialAccessTokens {
  constructor(
    @Inject(INITIAL_ACCESS_TOKEN_STORE) private readonly store: InitialAccessTokenStore,
    private readonly replies: IdempotentReplies,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** With an `idempotencyKey`, a retry by the same administrator answers the first answer, token included. */
  async create(actor: Actor, body: Record<string, unknown>, idempotencyKey?: string): Promise<Record<string, unknown>> {
    const parsed = createBodySchema.safeParse(body);
    if (!parsed.success) throw invalidAttributes(problemsOf(parsed.error));
    const idempotent = idempotencyKey === undefined ? undefined : this.replies.of(actor.realm, 'initial access token', actor.by, idempotencyKey, body);
    return this.replies.once(idempotent, crestKeyReused, async () => {
      const token = randomToken();
      const answerOf = (saved: InitialAccessToken) => ({ ...toResource(saved), token });
      const saved = await this.store.create(
        { realmId: actor.realm.id, tokenHash: sha256Base64url(token), expiresInSeconds: parsed.data.expiresIn ?? null, maxUses: parsed.data.maxUses ?? null, createdBy: actor.by },
        idempotent && ((row) => this.replies.record(idempotent, answerOf(row))),
      );
      this.logger.info({ realm: actor.realm.path, id: saved.id, by: actor.by, outcome: 'created' }, 'initial access token');
      return answerOf(saved);
    });
  }

  async query(actor: Actor): Promise<CrestQueryReply> {
    const result = (await this.store.list(actor.realm.id)).map(toResource);
    return { result, resultCount: result.length, pagedResultsCookie: null, totalPagedResultsPolicy: 'NONE', totalPagedResults: -1, remainingPagedResults: -1 };
  }

  async remove(actor: Actor, id: string): Promise<Record<string, unknown>> {
    if (!z.uuid().safeParse(id).success || !(await this.store.remove(actor.realm.id, id))) throw CrestError.notFound(`Initial access token ${id} not found`);
    this.logger.info({ realm: actor.realm.path, id, by: actor.by, outcome: 'deleted' }, 'initial access token');
    return {};
  }

  /** Whether the presented bearer token is a usable initial access token of the realm. */
  isUsable(realm: Realm, presented: string): Promise<boolean> {
    return this.store.isUsable(realm.id, sha256Base64url(presented));
  }

  /** Spends one use; false when it was spent, expired or deleted meanwhile. */
  consume(realm: Realm, presented: string): Promise<boolean> {
    return this.store.consume(realm.id, sha256Base64url(presented));
  }
}

function toResource(token: InitialAccessToken): Record<string, unknown> {
  return {
    _id: token.id,
    _rev: String(token.uses),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    maxUses: token.maxUses,
    uses: token.uses,
    createdBy: token.createdBy,
    createdAt: token.createdAt.toISOString(),
  };
}
