import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { IMPORT_LEDGER, type ImportLedger, MandateError, REALM_WRITER, type RealmWriter, applyImportOnce } from '@mandate/oauth';
import { sha256Base64url } from '@mandate/crypto';
import { LOGGER, type Logger } from '@mandate/platform';
import { DataSource } from 'typeorm';
import type { Actor } from '../admin/admin-access';
import { ClientService } from '../clients/client.service';
import { ApplicationPolicyService } from '../policies/application-policy.service';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { ScriptService } from '../scripts/script.service';
import { importConfig, type ImportConfig } from './import.config';
import { type ImportFile, importFileSchema } from './import-file.schema';
import { warnOfPublicSecrets } from './public-secrets';

const IMPORTER = 'id=mandate-import,ou=user,ou=am-config';

/**
 * Applies `MANDATE_IMPORT` at start (issue 4 point 7): realms, scripts, provider settings,
 * clients, AI agents and application policies, in that order, through the same rules as the
 * admin REST API, once per database: a file whose content was applied before is skipped (the
 * import ledger; MANDATE_IMPORT_FORCE applies it anyway), so what an admin changed or deleted
 * since stays so. Re-applying an unchanged file would change nothing either. Replicas starting together
 * apply it once at a time (advisory lock). A bad file stops the start with every problem named;
 * a file holding secrets (config/demo.json) is announced with a warning that it is for demos only.
 */
@Injectable()
export class DeclarativeImport implements OnApplicationBootstrap {
  constructor(
    @Inject(importConfig.token) private readonly config: ImportConfig,
    @Inject(REALM_WRITER) private readonly realms: RealmWriter,
    private readonly scripts: ScriptService,
    private readonly provider: ProviderSettingsService,
    private readonly clients: ClientService,
    private readonly policies: ApplicationPolicyService,
    private readonly db: DataSource,
    @Inject(IMPORT_LEDGER) private readonly ledger: ImportLedger,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.MANDATE_IMPORT;
    if (!file) return;
    const text = await readFile(file, 'utf8');
    const parsed = importFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(`MANDATE_IMPORT ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    warnOfPublicSecrets(this.logger, file, parsed.data);
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['mandate.import.registration']);
      const source = { file, digest: sha256Base64url(text), force: this.config.MANDATE_IMPORT_FORCE };
      const outcome = await applyImportOnce(this.ledger, source, () => this.apply(parsed.data));
      if (outcome.applied) this.logger.info({ file, ...outcome.result }, 'configuration imported');
      else this.logger.info({ file }, 'configuration import skipped: this file was applied to this database before (MANDATE_IMPORT_FORCE=true applies it again)');
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['mandate.import.registration']).catch(() => undefined);
      await runner.release();
    }
  }

  async apply(file: ImportFile): Promise<Record<string, number>> {
    const counts = { realms: 0, scripts: 0, providers: 0, clients: 0, agents: 0, policies: 0 };
    const paths = new Set([
      ...file.realms,
      ...[file.scripts, file.providers, file.clients, file.agents, file.policies].flatMap((perRealm) => Object.keys(perRealm)),
    ]);
    const actors = new Map<string, Actor>();
    for (const path of paths) {
      actors.set(path, { realm: await this.realms.ensure(path), by: IMPORTER });
      counts.realms++;
    }
    const actor = (path: string) => actors.get(path) as Actor;

    for (const [path, scripts] of Object.entries(file.scripts)) {
      for (const { _id, source, script, ...rest } of scripts) {
        const body = { ...rest, script: script ?? Buffer.from(source ?? '', 'utf8').toString('base64') };
        await this.step(`scripts.${path}.${rest.name}`, async () => {
          const existing = _id ? undefined : await this.scripts.resolve(actor(path).realm, rest.name);
          await this.scripts.put(actor(path), _id ?? existing?.id ?? randomUUID(), body, false);
        });
        counts.scripts++;
      }
    }
    for (const [path, body] of Object.entries(file.providers)) {
      await this.step(`providers.${path}`, () => this.provider.replace(actor(path), body));
      counts.providers++;
    }
    for (const [key, type] of [['clients', 'OAuth2Client'], ['agents', 'AIAgent']] as const) {
      for (const [path, clients] of Object.entries(file[key])) {
        for (const [id, body] of Object.entries(clients)) {
          await this.step(`${key}.${path}.${id}`, () => this.clients.put(actor(path), type, id, body, false));
          counts[key]++;
        }
      }
    }
    for (const [path, agents] of Object.entries(file.policies)) {
      for (const [agentId, applications] of Object.entries(agents)) {
        for (const [applicationId, body] of Object.entries(applications)) {
          await this.step(`policies.${path}.${agentId}.${applicationId}`, () => this.policies.put(actor(path), agentId, applicationId, body, false));
          counts.policies++;
        }
      }
    }
    return counts;
  }

  private async step(where: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const why = error instanceof MandateError ? error.description : (error as Error).message;
      throw new Error(`MANDATE_IMPORT ${this.config.MANDATE_IMPORT} at ${where}: ${why}`);
    }
  }
}
