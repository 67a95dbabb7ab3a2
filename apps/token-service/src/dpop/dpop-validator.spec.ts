import type { ClientView, ProviderSettings } from '@mandate/contracts';
import { DpopNonces } from '@mandate/crypto';
import type { InstallationSecretStore, ReplayStore } from '@mandate/oauth';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';
import { DpopValidator } from './dpop-validator';

const HTU = 'https://am.example.com/am/oauth2/realms/root/realms/alpha/access_token';

class MemoryReplay implements ReplayStore {
  readonly seen = new Map<string, number>();
  async claim(scope: string, jti: string, expiresAt: Date): Promise<boolean> {
    const key = `${scope} ${jti}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > Date.now()) return false;
    this.seen.set(key, expiresAt.getTime());
    return true;
  }
}

const secrets: InstallationSecretStore = { getOrCreate: async (_name, candidate) => candidate };
const client = (dpop = false) => ({ clientId: 'agent', config: { advancedOAuth2ClientConfig: { dpopBoundAccessTokens: dpop } } }) as unknown as ClientView;
const provider = (nonce = false) => ({ advancedOAuth2Config: { requireDpopNonce: nonce } }) as unknown as ProviderSettings;

let keys: { privateKey: CryptoKey; publicKey: CryptoKey };
let jwk: JWK;

beforeAll(async () => {
  keys = await generateKeyPair('ES256', { extractable: true });
  jwk = await exportJWK(keys.publicKey);
});

interface ProofOptions {
  typ?: string;
  alg?: string;
  jwk?: JWK;
  htm?: string;
  htu?: string;
  iat?: number;
  jti?: string;
  nonce?: string;
}
let counter = 0;
async function proof(o: ProofOptions = {}): Promise<string> {
  const claims: Record<string, unknown> = { htm: o.htm ?? 'POST', htu: o.htu ?? HTU, iat: o.iat ?? Math.floor(Date.now() / 1000), jti: o.jti ?? `jti-${Date.now()}-${++counter}` };
  if (o.nonce) claims.nonce = o.nonce;
  return new SignJWT(claims).setProtectedHeader({ alg: o.alg ?? 'ES256', typ: o.typ ?? 'dpop+jwt', jwk: o.jwk ?? jwk }).sign(keys.privateKey);
}
function unsigned(header: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc(header)}.${enc({ htm: 'POST', htu: HTU, iat: Math.floor(Date.now() / 1000), jti: 'abcdefghij' })}.`;
}

describe('DpopValidator', () => {
  const config = { MANDATE_DPOP_PROOF_WINDOW_S: 60, MANDATE_DPOP_NONCE_LIFETIME_S: 300 };
  let replay: MemoryReplay;
  let validator: DpopValidator;
  const check = (proofs: string[], c = client(), p = provider()) => validator.validate('/alpha', { proofs, htm: 'POST', htu: HTU }, c, p);
  const refusal = async (promise: Promise<unknown>) => {
    const error = (await promise.then(() => undefined, (e: unknown) => e)) as { code?: string; status?: number; headers?: Record<string, string> } | undefined;
    expect(error).toBeDefined();
    return error!;
  };

  beforeEach(() => {
    replay = new MemoryReplay();
    validator = new DpopValidator(replay, secrets, config);
  });

  it('binds to the RFC 7638 thumbprint of a valid proof key', async () => {
    const bound = await check([await proof()]);
    expect(bound?.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers nothing without a proof, unless the client requires DPoP', async () => {
    await expect(check([])).resolves.toBeUndefined();
    expect(await refusal(check([], client(true)))).toMatchObject({ code: 'invalid_dpop_proof', status: 400 });
  });

  it('accepts htu with another case of scheme and host, and ignores a query', async () => {
    await expect(check([await proof({ htu: HTU.replace('https://am.example.com', 'HTTPS://AM.EXAMPLE.COM') + '?x=1' })])).resolves.toBeDefined();
  });

  it.each<[string, () => Promise<string>]>([
    ['typ jwt', () => proof({ typ: 'JWT' })],
    ['alg none', async () => unsigned({ alg: 'none', typ: 'dpop+jwt', jwk })],
    ['alg HS256', async () => unsigned({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0' } })],
    ['a private key in jwk', async () => proof({ jwk: await exportJWK(keys.privateKey) })],
    ['another key in jwk than the signing one', async () => proof({ jwk: await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey) })],
    ['htm GET', () => proof({ htm: 'GET' })],
    ['htu of another endpoint', () => proof({ htu: HTU.replace('access_token', 'introspect') })],
    ['htu of another host', () => proof({ htu: HTU.replace('am.example.com', 'evil.example.com') })],
    ['iat two minutes old', () => proof({ iat: Math.floor(Date.now() / 1000) - 120 })],
    ['iat two minutes ahead', () => proof({ iat: Math.floor(Date.now() / 1000) + 120 })],
    ['no jti', () => proof({ jti: '' })],
    ['not a JWS', async () => 'not-a-proof'],
  ])('refuses %s with invalid_dpop_proof', async (_name, make) => {
    expect(await refusal(check([await make()]))).toMatchObject({ code: 'invalid_dpop_proof', status: 400 });
  });

  it('refuses two DPoP headers', async () => {
    expect(await refusal(check([await proof(), await proof()]))).toMatchObject({ code: 'invalid_dpop_proof' });
  });

  it('accepts a proof once: its replay is refused', async () => {
    const once = await proof();
    await check([once]);
    expect(await refusal(check([once]))).toMatchObject({ code: 'invalid_dpop_proof' });
  });

  it('asks for a nonce when the provider requires one, and accepts the nonce it gave', async () => {
    const error = await refusal(check([await proof()], client(), provider(true)));
    expect(error).toMatchObject({ code: 'use_dpop_nonce', status: 400 });
    const nonce = error.headers?.['DPoP-Nonce'];
    expect(nonce).toBeTruthy();
    await expect(check([await proof({ nonce })], client(), provider(true))).resolves.toBeDefined();
  });

  it('refuses a forged or stale nonce with a fresh one', async () => {
    const forged = await refusal(check([await proof({ nonce: `${Math.floor(Date.now() / 1000)}.forged` })], client(), provider(true)));
    expect(forged).toMatchObject({ code: 'use_dpop_nonce' });
    const foreign = new DpopNonces(Buffer.alloc(32, 7), 300).issue('/alpha');
    expect(await refusal(check([await proof({ nonce: foreign })], client(), provider(true)))).toMatchObject({ code: 'use_dpop_nonce' });
  });
});

describe('DpopNonces', () => {
  const nonces = new DpopNonces(Buffer.alloc(32, 1), 300);
  it('accepts its own nonce within the lifetime, in its scope only', () => {
    const now = 1_800_000_000;
    const nonce = nonces.issue('/alpha', now);
    expect(nonces.valid('/alpha', nonce, now + 299)).toBe(true);
    expect(nonces.valid('/alpha', nonce, now + 301)).toBe(false);
    expect(nonces.valid('/', nonce, now)).toBe(false);
  });
});
