import type { IdentityResource } from '@mandate/contracts';
import { CrestError, type User } from '@mandate/oauth';

/** Members of a user body that are not free attributes: CREST metadata, the name, the password. */
const RESERVED = new Set(['_id', '_rev', 'username', 'userpassword', 'realm']);
/** 1–255 characters; no control characters, no leading space, none of the DN/URL specials. */
const USERNAME = /^[^\s/\\,+"<>;=#*()\p{Cc}][^/\\,+"<>;=#*()\p{Cc}]{0,254}$/u;

export interface UserBody {
  username: string | undefined;
  /** undefined: not given (keeps the current one on replace). */
  password: string | undefined;
  attributes: Record<string, unknown>;
}

/** contract §2: `{"username", "userpassword", "mail", "givenName", "sn", "cn", ...}`. */
export function parseUserBody(body: Record<string, unknown>): UserBody {
  const { username, userpassword } = body;
  if (username !== undefined) checkUsername(username);
  if (userpassword !== undefined && (typeof userpassword !== 'string' || userpassword.length === 0 || userpassword.length > 1024)) {
    throw CrestError.badRequest('Invalid userpassword');
  }
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) if (!RESERVED.has(name) && !name.startsWith('_')) attributes[name] = value;
  return { username: username as string | undefined, password: userpassword as string | undefined, attributes };
}

export function checkUsername(username: unknown): asserts username is string {
  if (typeof username !== 'string' || !USERNAME.test(username) || username !== username.trim()) throw CrestError.badRequest('Invalid username');
}

/** The CREST resource AM answers: `_id` (the UUID), `_rev`, `username`, `realm`, the attributes. Never the password. */
export function userResource(user: User): IdentityResource {
  return { _id: user.id, _rev: String(user.revision), username: user.username, realm: user.realm, ...user.attributes };
}
