import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type SealedSecret, SecretBoxError, openSecret, sealSecret, sha256Base64url, timingSafeEqualString } from '@mandate/crypto';
import { CrestError, IDEMPOTENT_REPLY_STORE, IdempotencyKeyTakenError, type IdempotentReply, type IdempotentReplyStore, type Realm, ServerError } from '@mandate/oauth';
import { canonicalJson } from '../realm-config/am-values';

/** draft-ietf-httpapi-idempotency-key-header §2.3: how long a key answers its first answer. */
export const IDEMPOTENCY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** One create sent with an `Idempotency-Key`, as the stores know it. */
export interface IdempotentCreate {
  /** Over the realm, the operation, the caller and the key: one caller's key is not another's. */
  keyHash: string;
  requestHash: string;
  /** Derived from the key and the caller's credential, never stored. */
  sealKey: Uint8Array;
}

/** draft-ietf-httpapi-idempotency-key-header §2.7, in CREST form: the key was used for another request. */
export function crestKeyReused(): CrestError {
  return new CrestError(422, 'Idempotency-Key was already used for a different request');
}

/** An answer given again: the audit and the log record the first answer, not the retry. */
const REPLAYED = Symbol('idempotent replay');

/** Whether `answer` is a first answer given again (IdempotentReplies.once). */
export function isReplay(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && REPLAYED in answer;
}

/**
 * `Idempotency-Key` on creates (issue 25 item 1): a retry with the same key and request within
 * 24 hours answers the first answer, secret included, and writes nothing; the same key with
 * another request is refused (422). The key is scoped to the caller: on registration the
 * credential it presented (a Bearer token) or, without one, the key alone, which is then the only
 * proof, hence its minimum length; on admin creates the administrator. The stored answer is
 * sealed under a key derived from the key and the caller, so another caller cannot open it, nor
 * can a database reader without the key.
 */
@Injectable()
export class IdempotentReplies {
  constructor(@Inject(IDEMPOTENT_REPLY_STORE) private readonly replies: IdempotentReplyStore) {}

  /** `caller`: the credential or identity the key belongs to; undefined for an anonymous caller. */
  of(realm: Realm, operation: string, caller: string | undefined, key: string, request: unknown): IdempotentCreate {
    const scope = caller === undefined ? 'anonymous' : `caller ${sha256Base64url(caller)}`;
    return {
      keyHash: sha256Base64url(['lookup', realm.id, operation, scope, key].join('\n')),
      requestHash: sha256Base64url(canonicalJson(request)),
      sealKey: new Uint8Array(hkdfSync('sha256', `${key}\n${caller ?? ''}`, realm.id, `mandate idempotent reply\n${operation}`, 32)),
    };
  }

  /**
   * Runs `create` once per key: the first answer when the key already answered this request, else
   * `create()`'s, whose store claims the key in its transaction (record). A concurrent retry that
   * committed first wins: this one wrote nothing and answers that one's answer.
   */
  async once(idempotent: IdempotentCreate | undefined, mismatch: () => Error, create: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
    if (idempotent === undefined) return create();
    const first = await this.replay(idempotent, mismatch);
    if (first) return first;
    try {
      return await create();
    } catch (error) {
      if (!(error instanceof IdempotencyKeyTakenError)) throw error;
      const answer = await this.replay(idempotent, mismatch);
      if (!answer) throw new ServerError(undefined, 'idempotency key taken, but its answer is gone');
      return answer;
    }
  }

  /** The first answer when this key answered this request; `mismatch()` is thrown when it answered another. */
  private async replay(create: IdempotentCreate, mismatch: () => Error): Promise<Record<string, unknown> | undefined> {
    const stored = await this.replies.find(create.keyHash);
    if (!stored) return undefined;
    if (!timingSafeEqualString(stored.requestHash, create.requestHash)) throw mismatch();
    try {
      const answer = JSON.parse(openSecret(stored.reply as SealedSecret, create.sealKey, create.keyHash)) as Record<string, unknown>;
      return Object.assign(answer, { [REPLAYED]: true });
    } catch (error) {
      if (error instanceof SecretBoxError) throw new ServerError(undefined, `idempotent reply unreadable: ${error.message}`);
      throw error;
    }
  }

  /** The row that makes `answer` the answer to every retry of `create`. */
  record(create: IdempotentCreate, answer: Record<string, unknown>): IdempotentReply {
    return {
      keyHash: create.keyHash,
      requestHash: create.requestHash,
      reply: sealSecret(JSON.stringify(answer), create.sealKey, create.keyHash),
      expiresAt: new Date(Date.now() + IDEMPOTENCY_LIFETIME_MS),
    };
  }
}
