import { readFile } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CrestError, GROUP_STORE, type GroupStore, IMPORT_LEDGER, type ImportLedger, MandateError, USER_STORE, type User, type UserStore, applyImportOnce } from '@mandate/oauth';
import { sha256Base64url } from '@mandate/crypto';
import { LOGGER, type Logger, RealmClient, ServiceUnavailableError } from '@mandate/platform';
import { PasswordHasher } from '../passwords/password-hasher';
import { type IdentityImportConfig, identityImportConfig } from './identity-import.config';
import { type IdentityImportFile, type ImportedGroup, type ImportedUser, parseIdentityImportFile } from './identity-import-file.schema';

const RETRY_EVERY_MS = 500;
/** Replicas merging members into one group at the same time: each retries on a stale revision. */
const MAX_GROUP_WRITES = 10;

export interface IdentityImportCounts {
  usersCreated: number;
  usersKept: number;
  groupsCreated: number;
  membersAdded: number;
}

/**
 * Applies the users and groups of `MANDATE_IMPORT` at start (issue 4 point 7); registration-service
 * applies the rest of the same file. Idempotent and safe for replicas starting together: a user
 * that exists is left as it is (its `_id` and password stay), a group that exists gets the listed
 * members added. The realms are registration-service's, which may be starting too: each is
 * waited for (MANDATE_IMPORT_REALM_WAIT_SECONDS). A bad file stops the start, naming the problem.
 */
@Injectable()
export class IdentityImport implements OnApplicationBootstrap {
  constructor(
    @Inject(identityImportConfig.token) private readonly config: IdentityImportConfig,
    @Inject(USER_STORE) private readonly users: UserStore,
    @Inject(GROUP_STORE) private readonly groups: GroupStore,
    private readonly hasher: PasswordHasher,
    private readonly realms: RealmClient,
    @Inject(IMPORT_LEDGER) private readonly ledger: ImportLedger,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.MANDATE_IMPORT;
    if (!file) return;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`MANDATE_IMPORT ${file}: cannot be read: ${(error as Error).message}`);
    }
    const parsed = parseIdentityImportFile(file, text);
    const source = { file, digest: sha256Base64url(text), force: this.config.MANDATE_IMPORT_FORCE };
    const outcome = await applyImportOnce(this.ledger, source, () => this.apply(parsed, file));
    if (outcome.applied) this.logger.info({ file, ...outcome.result }, 'users and groups imported');
    else this.logger.info({ file }, 'users and groups import skipped: this file was applied to this database before');
  }

  async apply(file: IdentityImportFile, source: string): Promise<IdentityImportCounts> {
    const counts: IdentityImportCounts = { usersCreated: 0, usersKept: 0, groupsCreated: 0, membersAdded: 0 };
    const deadline = Date.now() + this.config.MANDATE_IMPORT_REALM_WAIT_SECONDS * 1000;
    const paths = new Set([...Object.keys(file.users), ...Object.keys(file.groups)]);
    const realms = new Map<string, string>();
    for (const path of paths) realms.set(path, await this.waitForRealm(path, deadline, source));

    for (const [path, users] of Object.entries(file.users)) {
      for (const user of users) {
        const created = await this.step(source, `users.${path}.${user.username}`, () => this.ensureUser(realms.get(path) as string, user));
        counts[created ? 'usersCreated' : 'usersKept']++;
      }
    }
    for (const [path, groups] of Object.entries(file.groups)) {
      for (const group of groups) {
        const { created, added } = await this.step(source, `groups.${path}.${group.name}`, () => this.ensureGroup(realms.get(path) as string, group));
        if (created) counts.groupsCreated++;
        counts.membersAdded += added;
      }
    }
    return counts;
  }

  /** Creates the user unless its username is taken (by an earlier start or another replica). */
  private async ensureUser(realm: string, user: ImportedUser): Promise<boolean> {
    if (await this.users.find(realm, user.username)) return false;
    const passwordHash = user.password === undefined ? null : await this.hasher.hash(user.password);
    const created = await this.users.create({ realm, username: user.username, attributes: user.attributes, passwordHash });
    if (created) this.logger.info({ audit: 'authn.user.created', realm, username: created.username, userId: created.id, by: 'import' }, 'user imported');
    return !!created;
  }

  /** Creates the group, or adds the listed members it lacks (never removes one). */
  private async ensureGroup(realm: string, group: ImportedGroup): Promise<{ created: boolean; added: number }> {
    const listed = await this.members(realm, group.members);
    for (let attempt = 0; attempt < MAX_GROUP_WRITES; attempt++) {
      const existing = await this.groups.find(realm, group.name);
      if (!existing) {
        if (await this.groups.create(realm, group.name, listed.map((u) => u.id))) {
          this.logger.info({ audit: 'authn.group.created', realm, group: group.name, by: 'import' }, 'group imported');
          return { created: true, added: listed.length };
        }
        continue; // created meanwhile by another replica
      }
      const present = new Set(existing.members.map((m) => m.toLowerCase()));
      const missing = listed.filter((u) => !present.has(u.username.toLowerCase()));
      if (!missing.length) return { created: false, added: 0 };
      const current = await this.members(realm, existing.members);
      const result = await this.groups.replace(realm, existing.name, [...current, ...missing].map((u) => u.id), existing.revision);
      if (result.status === 'done') {
        this.logger.info({ audit: 'authn.group.replaced', realm, group: existing.name, added: missing.map((u) => u.username), by: 'import' }, 'group members imported');
        return { created: false, added: missing.length };
      }
    }
    throw new Error(`the group kept changing while its members were added (${MAX_GROUP_WRITES} attempts)`);
  }

  private async members(realm: string, names: string[]): Promise<User[]> {
    const found: User[] = [];
    for (const name of new Set(names)) {
      const user = await this.users.find(realm, name);
      if (!user) throw new Error(`unknown member ${name}: list it under "users" of the same realm, or create it first`);
      if (!found.some((u) => u.id === user.id)) found.push(user);
    }
    return found;
  }

  /** The realm's canonical path once registration-service knows it; retried until the deadline. */
  private async waitForRealm(path: string, deadline: number, source: string): Promise<string> {
    for (;;) {
      try {
        return (await this.realms.resolve(path)).path;
      } catch (error) {
        const absent = error instanceof CrestError && error.status === 404;
        if (!absent && !(error instanceof ServiceUnavailableError)) throw error;
        if (Date.now() >= deadline) {
          const why = absent ? 'it does not exist' : 'registration-service did not answer';
          throw new Error(
            `MANDATE_IMPORT ${source}: realm ${path} could not be resolved within ${this.config.MANDATE_IMPORT_REALM_WAIT_SECONDS} s (${why}); ` +
              'list it under "realms" of the file so that registration-service creates it',
          );
        }
        await new Promise((r) => setTimeout(r, RETRY_EVERY_MS));
      }
    }
  }

  private async step<T>(source: string, where: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const why = error instanceof MandateError ? error.description : (error as Error).message;
      throw new Error(`MANDATE_IMPORT ${source} at ${where}: ${why}`);
    }
  }
}
