import type { EntityManager } from 'typeorm';

/** Replaces what one owner references, inside the owner's write transaction. */
export async function replaceScriptReferences(
  em: EntityManager,
  realmId: string,
  ownerKind: 'client' | 'provider',
  ownerId: string,
  scriptIds: readonly string[],
): Promise<void> {
  await em.query(`DELETE FROM "registration"."script_references" WHERE "realm_id" = $1 AND "owner_kind" = $2 AND "owner_id" = $3`, [
    realmId,
    ownerKind,
    ownerId,
  ]);
  for (const scriptId of new Set(scriptIds)) {
    await em.query(
      `INSERT INTO "registration"."script_references" ("realm_id", "owner_kind", "owner_id", "script_id") VALUES ($1, $2, $3, $4)`,
      [realmId, ownerKind, ownerId, scriptId],
    );
  }
}

export async function scriptReferencesOf(em: EntityManager, realmId: string, ownerKind: 'client' | 'provider', ownerId: string): Promise<string[]> {
  const rows: Array<{ script_id: string }> = await em.query(
    `SELECT "script_id" FROM "registration"."script_references" WHERE "realm_id" = $1 AND "owner_kind" = $2 AND "owner_id" = $3 ORDER BY "script_id"`,
    [realmId, ownerKind, ownerId],
  );
  return rows.map((r) => r.script_id);
}
