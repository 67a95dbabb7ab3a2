import type { Provider } from '@nestjs/common';
import { IMPORT_LEDGER, type ImportLedger } from '@mandate/oauth';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The import ledger of a service that applies `MANDATE_IMPORT` (registration-service: realms and
 * configuration; authn-service: users and groups), in its own schema. Each service runs the same
 * migration against its own schema and migrations table, as with the audit outbox.
 */
function importLedgerMigration(schema: string) {
  return class ImportLedger1766100000000 implements MigrationInterface {
    name = 'ImportLedger1766100000000';

    async up(db: QueryRunner): Promise<void> {
      await db.query(`
        CREATE TABLE "${schema}"."applied_imports" (
          "digest" text PRIMARY KEY,
          "file" text NOT NULL,
          "applied_at" timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP TABLE "${schema}"."applied_imports"`);
    }
  };
}

class TypeOrmImportLedger implements ImportLedger {
  private readonly table: string;

  constructor(
    private readonly db: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}"."applied_imports"`;
  }

  async wasApplied(digest: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM ${this.table} WHERE "digest" = $1`, [digest]);
    return rows.length > 0;
  }

  async record(digest: string, file: string): Promise<void> {
    await this.db.query(`INSERT INTO ${this.table} ("digest", "file") VALUES ($1, $2) ON CONFLICT ("digest") DO UPDATE SET "file" = EXCLUDED."file", "applied_at" = now()`, [digest, file]);
  }
}

/** What an importing service adds to its storage: the migration and the ledger. */
export function importLedgerStorage(schema: string) {
  const store: Provider = { provide: IMPORT_LEDGER, useFactory: (ds: DataSource) => new TypeOrmImportLedger(ds, schema), inject: [DataSource] };
  return { migration: importLedgerMigration(schema), store };
}
