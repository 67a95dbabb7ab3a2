import { CrestError, Versions, call, realmJson } from './api';

/** Who is signed in: the SSO token itself stays in the HttpOnly `iPlanetDirectoryPro` cookie. */
export interface Session {
  uid: string;
  /** The realm signed in to (`root` for amadmin). */
  loginRealm: string;
  /** Whether the admin API answers this user (a 403 says not). */
  admin: boolean;
}

const LOGIN_REALM = 'mandate.console.loginRealm';

/** AM's zero-page REST login (am-spec §2.1); the answer's Set-Cookie carries the SSO token. */
export async function signIn(loginRealm: string, username: string, password: string, realm: string): Promise<Session> {
  await call<{ tokenId: string }>('POST', `${realmJson(loginRealm)}/authenticate`, Versions.authenticate, undefined, {
    'X-OpenAM-Username': username,
    'X-OpenAM-Password': password,
  });
  sessionStorage.setItem(LOGIN_REALM, loginRealm);
  const session = await resume(realm);
  if (!session) throw new CrestError(401, 'Unauthorized', 'the session was not accepted after sign-in');
  return session;
}

/** The session the cookie carries, if it is still valid (page reloads). */
export async function resume(realm: string): Promise<Session | null> {
  const loginRealm = sessionStorage.getItem(LOGIN_REALM) ?? 'root';
  const check = await call<{ valid: boolean; uid?: string }>('POST', `${realmJson(loginRealm)}/sessions?_action=validate`, Versions.sessions).catch(() => ({ valid: false }) as { valid: boolean; uid?: string });
  if (!check.valid || !check.uid) return null;
  return { uid: check.uid, loginRealm, admin: await isAdmin(realm) };
}

async function isAdmin(realm: string): Promise<boolean> {
  try {
    await call('GET', `${realmJson(realm)}/realm-config/services/oauth-oidc`, Versions.provider);
    return true;
  } catch (e) {
    if (e instanceof CrestError && (e.code === 401 || e.code === 403)) return false;
    throw e;
  }
}

export async function signOut(session: Session): Promise<void> {
  await call('POST', `${realmJson(session.loginRealm)}/sessions?_action=logout`, Versions.sessions);
  sessionStorage.removeItem(LOGIN_REALM);
}
