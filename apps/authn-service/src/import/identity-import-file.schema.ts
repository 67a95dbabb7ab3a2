import { realmPathSchema } from '@mandate/contracts';
import { MandateError } from '@mandate/oauth';
import { z } from 'zod';
import { GROUP_NAME } from '../identities/group.service';
import { type UserBody, checkUsername, parseUserBody } from '../identities/user-resource';

/** A user as `POST /users?_action=create` takes it (contract §2): username, userpassword, attributes. */
const importedUser = z.object({ username: z.string() }).passthrough();

/** A group as `POST /groups?_action=create` takes it: `{"username": "<group>", "uniqueMember": [<username>, ...]}`. */
const importedGroup = z.object({
  username: z.string().regex(GROUP_NAME, 'a group name: letters, digits and _.@- only'),
  uniqueMember: z.array(z.string().min(1)).default([]),
});

/**
 * The parts of the import file (`MANDATE_IMPORT`, see registration-service's
 * import-file.schema.ts) that authn-service owns: users and groups, per realm path. Every
 * other key belongs to registration-service and is ignored here.
 *
 * ```json
 * {
 *   "users":  {"/alpha": [{"username": "bjensen", "userpassword": "...", "mail": "...", ...}]},
 *   "groups": {"/alpha": [{"username": "hr", "uniqueMember": ["bjensen"]}]}
 * }
 * ```
 */
export const identityImportFileSchema = z.object({
  users: z.record(realmPathSchema, z.array(importedUser)).default({}),
  groups: z.record(realmPathSchema, z.array(importedGroup)).default({}),
});

export type ImportedUser = UserBody & { username: string };
export interface ImportedGroup {
  name: string;
  /** Usernames (or user `_id`s) of the same realm. */
  members: string[];
}
export interface IdentityImportFile {
  users: Record<string, ImportedUser[]>;
  groups: Record<string, ImportedGroup[]>;
}

/**
 * Parses the file's text: its users and groups, each user body checked by the rules of the
 * identity REST API. Throws one error naming the file and every problem.
 */
export function parseIdentityImportFile(file: string, text: string): IdentityImportFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`MANDATE_IMPORT ${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = identityImportFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`MANDATE_IMPORT ${file}: ${parsed.error.issues.map(describeIssue).join('; ')}`);
  }
  const problems: string[] = [];
  const users: Record<string, ImportedUser[]> = {};
  for (const [realm, list] of Object.entries(parsed.data.users)) {
    users[realm] = [];
    list.forEach((body, index) => {
      try {
        checkUsername(body.username);
        users[realm].push({ ...parseUserBody(body), username: body.username });
      } catch (error) {
        problems.push(`users.${realm}.${index} (${body.username}): ${error instanceof MandateError ? error.description : (error as Error).message}`);
      }
    });
  }
  if (problems.length) throw new Error(`MANDATE_IMPORT ${file}: ${problems.join('; ')}`);
  const groups: Record<string, ImportedGroup[]> = {};
  for (const [realm, list] of Object.entries(parsed.data.groups)) groups[realm] = list.map((g) => ({ name: g.username, members: g.uniqueMember }));
  return { users, groups };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // A record key that is no realm path: zod only says "Invalid key in record".
  const message = issue.code === 'invalid_key' ? 'not a realm path (such as / or /alpha)' : issue.message;
  return `${issue.path.join('.')}: ${message}`;
}
