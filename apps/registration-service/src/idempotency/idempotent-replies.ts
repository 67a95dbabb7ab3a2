import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type SealedSecret, SecretBoxError, openSecret, sealSecret, sha256Base64url, timingSafeEqualString } from '@mandate/crypto';
import { CLIENT_STORE, type ClientStore, type IdempotentReply, type Realm, ServerError } from '@mandate/oauth';
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

/** An answer given again: the audit and the log record the first answer, not the retry. */
export const REPLAYED = Symbol('idempotent replay');

/**
 * `Idempotency-Key` on creates (issue 25 item 1): a retry with the same key and request within
 * 24 hours answers the first answer, secret included, and writes nothing; the same key with
 * another request is refused (422). The key is scoped to the caller: the credential it presented
 * (a Bearer token) or, without one, the key alone, which is then the only proof, hence its
 * minimum length. The stored answer is sealed under a key derived from both, so neither a
 * database reader nor another caller can open it.
 */
@Injectable()
export class IdempotentReplies {
  constructor(@Inject(CLIENT_STORE) private readonly clients: ClientStore) {}

  of(realm: Realm, operation: string, credential: string | undefined, key: string, request: unknown): IdempotentCreate {
    const caller = credential === undefined ? 'anonymous' : `bearer ${sha256Base64url(credential)}`;
    return {
      keyHash: sha256Base64url(['lookup', realm.id, operation, caller, key].join('\n')),
      requestHash: sha256Base64url(canonicalJson(request)),
      sealKey: new Uint8Array(hkdfSync('sha256', `${key}\n${credential ?? ''}`, realm.id, `mandate idempotent reply\n${operation}`, 32)),
    };
  }

  /** The first answer when this key answered this request; `mismatch()` is thrown when it answered another. */
  async replay(create: IdempotentCreate, mismatch: () => Error): Promise<Record<string, unknown> | undefined> {
    const stored = await this.clients.findIdempotentReply(create.keyHash);
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
