import type { Logger } from '@mandate/platform';
import type { ImportFile } from './import-file.schema';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where the file holds a secret: a client's or agent's `userpassword`, a user's `userpassword`. */
export function secretsIn(file: ImportFile): string[] {
  const found: string[] = [];
  for (const key of ['clients', 'agents'] as const) {
    for (const [realm, clients] of Object.entries(file[key])) {
      for (const [id, body] of Object.entries(clients)) {
        const core = body['coreOAuth2ClientConfig'];
        if (isObject(core) && core['userpassword'] !== undefined) found.push(`${key}.${realm}.${id}`);
      }
    }
  }
  if (isObject(file.users)) {
    for (const [realm, users] of Object.entries(file.users)) {
      if (!Array.isArray(users)) continue;
      for (const user of users) if (isObject(user) && user['userpassword'] !== undefined) found.push(`users.${realm}.${String(user['username'])}`);
    }
  }
  return found;
}

/**
 * An import file with secrets in it (config/demo.json: every seed's `mySecret`, bjensen's
 * password) is for a demo: whoever has the file, or the repository, knows them. One warning
 * line at every start names the file and where the secrets are (never their values).
 */
export function warnOfPublicSecrets(logger: Logger, path: string, file: ImportFile): void {
  const holders = secretsIn(file);
  if (!holders.length) return;
  logger.warn(
    { file: path, holders },
    `MANDATE_IMPORT ${path} contains ${holders.length} secrets (client secrets, user passwords) that are public: ` +
      'use it for a demo only and never beyond one (no real users, no network others can reach)',
  );
}
