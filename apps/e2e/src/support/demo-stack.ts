import { join } from 'node:path';
import { type Infra, type MandateStack, http, startInfra, startMandate, workspaceRoot } from '@mandate/testing';

export const ADMIN_PASSWORD = 'Adm1n-pa55word';
export const ALPHA = '/realms/root/realms/alpha';
/** The redirect URI the seeds register (with the explicit :443 they print). */
export const CALLBACK = 'https://www.example.com:443/callback';
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** A POST with a form body, repeated fields as repeated parameters (RFC 8693 `audience`). */
export function formPost(fields: Record<string, string | string[]>, headers: Record<string, string> = {}): RequestInit {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString() };
}

export const basicAuth = (id: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

export interface DemoStack {
  infra: Infra;
  stack: MandateStack;
  /** amadmin's SSO token. */
  admin: string;
  /** `…/oauth2/realms/root/realms/alpha/<path>` */
  oauth2(path: string): string;
  /** PUT an OAuth2 client of realm alpha as amadmin (create or replace). */
  putClient(id: string, config: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * config/demo.json imported and amadmin signed in; `env` is added to every app's. `distributed`
 * (the default) runs on real NATS and Postgres; `embedded` is what `npm start` runs (its own
 * Postgres, the in-process transport), and then `infra` holds nothing.
 */
export async function startDemoStack(env: Record<string, string> = {}, mode: 'distributed' | 'embedded' = 'distributed'): Promise<DemoStack> {
  const infra = mode === 'distributed' ? await startInfra({ postgres: true, nats: true }) : await startInfra({});
  // A stack that fails to start must not leave its Postgres and NATS running (and jest waiting).
  const stack = await startMandate({
    mode,
    infra,
    env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD, MANDATE_IMPORT: join(workspaceRoot(), 'config', 'demo.json'), ...env },
  }).catch(async (error: unknown) => {
    await infra.stop();
    throw error;
  });
  const login = await http(`${stack.baseUrl}/json/realms/root/authenticate`, {
    method: 'POST',
    headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  if (login.status !== 200) throw new Error(`amadmin login: ${login.status} ${login.text}`);
  const admin = (login.json as { tokenId: string }).tokenId;
  return {
    infra,
    stack,
    admin,
    oauth2: (path) => `${stack.baseUrl}/oauth2${ALPHA}/${path}`,
    putClient: async (id, config) => {
      const res = await http(`${stack.baseUrl}/json${ALPHA}/realm-config/agents/OAuth2Client/${id}`, {
        method: 'PUT',
        headers: { iPlanetDirectoryPro: admin, 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=1.0' },
        body: JSON.stringify(config),
      });
      if (res.status !== 200 && res.status !== 201) throw new Error(`PUT OAuth2Client/${id}: ${res.status} ${res.text}`);
    },
    stop: async () => {
      await stack.stop();
      await infra.stop();
    },
  };
}
