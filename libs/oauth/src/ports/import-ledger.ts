/**
 * Which declarative import files (`MANDATE_IMPORT`) a service has applied to its database, by
 * the SHA-256 of their content, so that a restart does not apply the same file again (issue 25
 * item 5): a client deleted through the admin API stays deleted.
 */
export interface ImportLedger {
  wasApplied(digest: string): Promise<boolean>;
  /** After a complete application only: an interrupted one is applied again at the next start. */
  record(digest: string, file: string): Promise<void>;
}

export const IMPORT_LEDGER = Symbol.for('mandate.port.import-ledger');

/**
 * Runs `apply` unless the ledger holds this content's digest (or `force`), then records it.
 * Answers whether it ran. The caller serialises concurrent starts if it must (registration-service
 * holds an advisory lock around this; authn-service's steps are idempotent on their own).
 */
export async function applyImportOnce<T>(ledger: ImportLedger, source: { file: string; digest: string; force: boolean }, apply: () => Promise<T>): Promise<{ applied: false } | { applied: true; result: T }> {
  if (!source.force && (await ledger.wasApplied(source.digest))) return { applied: false };
  const result = await apply();
  await ledger.record(source.digest, source.file);
  return { applied: true, result };
}
