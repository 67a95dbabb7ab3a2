/**
 * TypeORM's postgres driver answers `UPDATE/DELETE ... RETURNING` as `[rows, affected]` and
 * `SELECT`/`INSERT ... RETURNING` as `rows`; this reads the first row of either.
 */
export function firstRow<T>(result: unknown): T | undefined {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0][0] as T | undefined;
  return Array.isArray(result) ? (result[0] as T | undefined) : undefined;
}
