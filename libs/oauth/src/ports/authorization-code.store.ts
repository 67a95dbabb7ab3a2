import type { CodeConsumeReply, CodeGrant } from '@mandate/contracts';

/** An authorization code to keep (am-spec §3.5): only the SHA-256 of the code is stored. */
export interface NewAuthorizationCode {
  /** sha256Base64url of the code; the code itself never reaches storage. */
  codeHash: string;
  realm: string;
  grant: CodeGrant;
  issuedAt: Date;
  expiresAt: Date;
}

/** `consumed` with the grant, `replayed` with its grant id, or `invalid` (unknown, expired, other realm). */
export type CodeConsumeResult = CodeConsumeReply;

/** Storage port for authorization codes (contract §3.7). */
export interface AuthorizationCodeStore {
  save(code: NewAuthorizationCode): Promise<void>;
  /**
   * Atomic and single use: of any number of concurrent calls for one live code exactly one gets
   * `consumed`; every later call learns `replayed` (with the `authGrantId` whose tokens must be
   * revoked) for as long as the consumed code is kept. An expired, unconsumed code is `invalid`.
   */
  consume(realm: string, codeHash: string, at: Date): Promise<CodeConsumeResult>;
  /**
   * Removes codes that can no longer be redeemed: unconsumed ones expired before `unconsumedBefore`,
   * consumed ones expired before `consumedBefore` (kept longer to recognise replays). Answers how many.
   */
  deleteExpired(unconsumedBefore: Date, consumedBefore: Date): Promise<number>;
}
export const AUTHORIZATION_CODE_STORE = Symbol.for('mandate.port.authorization-code-store');
