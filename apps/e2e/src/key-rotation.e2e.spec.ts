import { type WireResponse, http } from '@mandate/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Client } from 'pg';
import { ALPHA, type DemoStack, basicAuth, formPost, startDemoStack } from './support/demo-stack';

// Issue 17 item 5: a realm's signing key rotates on an administrator's action (and on the
// schedule, see apps/token-service/src/keys/key-rotation.service.spec.ts); the retired key stays
// published, and its tokens keep introspecting, until every token it signed has expired. Two
// token-service replicas: the one that did not rotate hears of it over `token.keys.rotated`.

interface Jwks {
  keys: Array<{ kid: string; alg: string }>;
}

describe('signing key rotation through the gateway (distributed, two token-service replicas)', () => {
  let demo: DemoStack | undefined;
  let db: Client | undefined;

  const oauth2 = (path: string) => demo!.oauth2(path);
  const rotateUrl = (realm = ALPHA) => `${demo!.stack.baseUrl}/json${realm}/realm-config/keys?_action=rotate`;
  const rotate = (headers: Record<string, string>, url = rotateUrl()) => http(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-API-Version': 'resource=1.0', ...headers }, body: '{}' });
  const asAdmin = () => ({ iPlanetDirectoryPro: demo!.admin });
  const body = (res: WireResponse) => res.json as Record<string, unknown>;
  const publishedKids = async () => ((await http(oauth2('connect/jwk_uri'))).json as Jwks).keys.map((k) => k.kid);
  /** web-server-logs-api-app issues client-side tokens (signed JWTs). */
  const issueJwt = async () => {
    const res = await http(oauth2('access_token'), formPost({ grant_type: 'client_credentials', client_id: 'web-server-logs-api-app', client_secret: 'mySecret', scope: 'logs-read' }));
    expect(res.status).toBe(200);
    return body(res).access_token as string;
  };
  const introspect = async (token: string) => {
    const res = await http(oauth2('introspect'), formPost({ token }, basicAuth('resource-server', 'rs-secret')));
    expect(res.status).toBe(200);
    return body(res);
  };
  const verifyAtJwkUri = (token: string) => jwtVerify(token, createRemoteJWKSet(new URL(oauth2('connect/jwk_uri'))), { issuer: oauth2('').replace(/\/$/, '') });

  beforeAll(async () => {
    demo = await startDemoStack();
    await demo.stack.addReplica('token-service');
    await demo.putClient('resource-server', {
      coreOAuth2ClientConfig: { userpassword: 'rs-secret', clientType: 'Confidential', scopes: ['am-introspect-all-tokens'] },
      advancedOAuth2ClientConfig: { grantTypes: ['client_credentials'] },
    });
    db = new Client({ connectionString: demo.infra.postgres!.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await demo?.stop();
  });

  it('rotates on amadmin’s action: new tokens carry the new kid, the old key stays published and its tokens stay valid', async () => {
    const before = await issueJwt();
    const oldKid = decodeProtectedHeader(before).kid!;
    expect(await publishedKids()).toEqual([oldKid]);

    const res = await rotate(asAdmin());
    expect(res.status).toBe(200);
    const { kid: newKid } = body(res) as { kid: string };
    expect(res.json).toEqual({ kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), alg: 'RS256' });
    expect(newKid).not.toBe(oldKid);
    expect(await publishedKids()).toEqual([newKid, oldKid]);

    // Both replicas answer token requests; each signs with the new key at once.
    for (let i = 0; i < 6; i++) expect(decodeProtectedHeader(await issueJwt()).kid).toBe(newKid);
    await expect(verifyAtJwkUri(await issueJwt())).resolves.toMatchObject({ protectedHeader: { kid: newKid } });

    expect(await introspect(before)).toMatchObject({ active: true, client_id: 'web-server-logs-api-app', scope: 'logs-read' });
    await expect(verifyAtJwkUri(before)).resolves.toMatchObject({ protectedHeader: { kid: oldKid } });
  });

  it('stops publishing a retired key, and accepting its tokens, once its tokens have all expired', async () => {
    const before = await issueJwt();
    const retiredKid = decodeProtectedHeader(before).kid!;
    const { kid: activeKid } = body(await rotate(asAdmin())) as { kid: string };
    expect(await publishedKids()).toContain(retiredKid);

    // Instead of waiting out MANDATE_MAX_TOKEN_LIFETIME_S: the key's publication ends now.
    await db!.query(`UPDATE "token"."signing_keys" SET "not_after" = now() - interval '1 second' WHERE "kid" = $1`, [retiredKid]);
    // A third rotation makes every replica read the table again.
    const { kid: newestKid } = body(await rotate(asAdmin())) as { kid: string };

    const kids = await publishedKids();
    expect(kids).not.toContain(retiredKid);
    expect(kids.slice(0, 2)).toEqual([newestKid, activeKid]);
    expect(await introspect(before)).toEqual({ active: false });
  });

  it('refuses the action without amadmin’s session: 401 without one, 403 for another user, in the CREST shape', async () => {
    const anonymous = await rotate({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ code: 401, reason: 'Unauthorized', message: 'Access Denied' });

    const login = await http(`${demo!.stack.baseUrl}/json${ALPHA}/authenticate`, {
      method: 'POST',
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    const user = (login.json as { tokenId: string }).tokenId;
    const forbidden = await rotate({ iPlanetDirectoryPro: user });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ code: 403, reason: 'Forbidden', message: 'User, bjensen, not authorized.' });
  });

  it('answers another action with 400 and an unknown realm with 404, rotating nothing', async () => {
    const kids = await publishedKids();
    const other = await http(`${demo!.stack.baseUrl}/json${ALPHA}/realm-config/keys?_action=create`, { method: 'POST', headers: { ...asAdmin(), 'Content-Type': 'application/json' }, body: '{}' });
    expect(other.status).toBe(400);
    expect(other.json).toEqual({ code: 400, reason: 'Bad Request', message: 'Action create not supported on keys' });
    const unknown = await rotate(asAdmin(), rotateUrl('/realms/root/realms/nope'));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: 404, reason: 'Not Found', message: 'Realm /nope not found' });
    expect(await publishedKids()).toEqual(kids);
  });
});
