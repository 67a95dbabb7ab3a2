/**
 * Issue 9's workloads. Mandate runs with config/demo.json imported (MANDATE_IMPORT), so each
 * workload uses a seed's own clients and calls; oidc-provider-server.mjs registers the same ids,
 * secrets and scopes. Each workload probes a target once and returns the request to repeat, or
 * why the target cannot run it ("not available yet (probe answered 404)" while an endpoint is
 * still being built).
 */
import { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT as TOKEN_EXCHANGE, jsonOf, seedExchangeFields } from '@mandate/testing';
import { type RunRate, type ScriptingBenchmarkResult, scriptingBenchmark } from '@mandate/scripting';
import { AUDIT_EVENTS, auditQuery } from './audit-trail';
import { signingCeiling } from './signing-ceiling';
import { type InProcessRate, type LoadRequest, ProbeError, type Sequence, type Target, type Workload } from './bench-types';

const ALPHA = '/am/oauth2/realms/root/realms/alpha';
const ALPHA_JSON = '/am/json/realms/root/realms/alpha';
const CALLBACK = 'https://www.example.com:443/callback';
const SECRET = 'mySecret';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** bench.ts starts Mandate with this amadmin password. */
export const BENCH_ADMIN_PASSWORD = 'Bench-adm1n-pa55';

interface Answer {
  status: number;
  headers: Headers;
  json?: Record<string, unknown>;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const isJwt = (token: unknown) => typeof token === 'string' && token.split('.').length === 3;
const tokenPath = (t: Target) => (t.kind === 'oidc-provider' ? '/token' : `${ALPHA}/access_token`);
const introspectPath = (t: Target) => (t.kind === 'oidc-provider' ? '/token/introspection' : `${ALPHA}/introspect`);

async function send(origin: string, req: LoadRequest): Promise<Answer> {
  const res = await fetch(`${origin}${req.path}`, { method: req.method, headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const json = jsonOf<Record<string, unknown>>(await res.text());
  return { status: res.status, headers: res.headers, json };
}

const postForm = (t: Target, path: string, fields: Record<string, string>): LoadRequest => ({ method: 'POST', path, headers: FORM, body: form(fields) });
const errorOf = (a: Answer) => (a.json?.error ? `${String(a.json.error)}${a.json.error_description ? `: ${String(a.json.error_description)}` : ''}` : '');

/** A token a workload needs before its load starts (a subject or actor token, a token to introspect). */
async function obtain(step: string, t: Target, req: LoadRequest): Promise<string> {
  const answer = await send(t.origin, req);
  const token = answer.json?.access_token;
  if (answer.status !== 200 || typeof token !== 'string') throw new ProbeError(step, answer.status, errorOf(answer));
  return token;
}

const clientCredentials = (t: Target, clientId: string, scope: string) =>
  postForm(t, tokenPath(t), { grant_type: 'client_credentials', client_id: clientId, client_secret: SECRET, scope });

/** Seed 003 step 1: bjensen's token for digital-assistant-web-app (password grant; oidc-provider has none, it mints one). */
const userToken = (t: Target) =>
  t.kind === 'oidc-provider'
    ? obtain('user token', t, { method: 'POST', path: '/bench/user-token' })
    : obtain('password grant', t, postForm(t, tokenPath(t), { grant_type: 'password', username: 'bjensen', password: 'Ch4ng31t', client_id: 'digital-assistant-web-app', client_secret: SECRET, scope: 'openid' }));

/**
 * Builds the request, probes it once and checks the answer. An endpoint that does not exist yet
 * (404, 405, unsupported_grant_type) is "not available yet"; any other refusal is a failed probe.
 */
async function probed(t: Target, build: () => Promise<LoadRequest>, check: (json: Record<string, unknown>) => string | undefined): Promise<LoadRequest | string> {
  if (t.kind === 'bare') return 'n/a';
  let req: LoadRequest;
  try {
    req = await build();
  } catch (error) {
    if (error instanceof ProbeError) return `setup failed (${error.message})`;
    throw error;
  }
  const answer = await send(t.origin, req);
  if (answer.status === 404 || answer.status === 405 || answer.json?.error === 'unsupported_grant_type') {
    return `not available yet (probe answered ${answer.status}${answer.json?.error ? ` ${String(answer.json.error)}` : ''})`;
  }
  if (answer.status !== 200) return `probe failed (answered ${answer.status} ${errorOf(answer)})`;
  const problem = check(answer.json ?? {});
  return problem ? `probe failed (${problem})` : req;
}

const issued = (format: 'jwt' | 'opaque') => (json: Record<string, unknown>) =>
  typeof json.access_token !== 'string' ? 'no access_token' : isJwt(json.access_token) !== (format === 'jwt') ? `the token is not ${format}` : undefined;

const exchanged = (format: 'jwt' | 'opaque') => (json: Record<string, unknown>) =>
  json.issued_token_type !== ACCESS_TOKEN_TYPE ? `issued_token_type ${String(json.issued_token_type)}` : issued(format)(json);

/** W4 on Mandate, seed 000 steps 1–3: three requests per sequence. */
function mandateCodeFlow(origin: string): Sequence {
  return async () => {
    const login = await send(origin, {
      method: 'POST',
      path: `${ALPHA_JSON}/authenticate`,
      headers: { 'X-OpenAM-Username': 'bjensen', 'X-OpenAM-Password': 'Ch4ng31t', 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
    });
    const tokenId = login.json?.tokenId;
    if (login.status !== 200 || typeof tokenId !== 'string') throw new ProbeError('authenticate', login.status, errorOf(login));
    const authorize = await send(origin, {
      method: 'POST',
      path: `${ALPHA}/authorize`,
      headers: { ...FORM, cookie: `iPlanetDirectoryPro=${tokenId}` },
      body: form({ scope: 'read', response_type: 'code', client_id: 'hr-client', csrf: tokenId, redirect_uri: CALLBACK, decision: 'allow' }),
    });
    const code = codeFrom(authorize);
    if (!code) throw new ProbeError('authorize', authorize.status, authorize.headers.get('location') ?? '');
    const token = await send(origin, {
      method: 'POST',
      path: `${ALPHA}/access_token`,
      headers: FORM,
      body: form({ grant_type: 'authorization_code', client_id: 'hr-client', client_secret: SECRET, code, redirect_uri: CALLBACK, scope: 'read' }),
    });
    if (token.status !== 200) throw new ProbeError('access_token', token.status, errorOf(token));
  };
}

/**
 * W4 on oidc-provider: its login is an interaction, so the same user journey is four requests:
 * GET /auth → POST /interaction/:uid/login (argon2id password check, login and consent in one
 * step) → GET /auth/:uid (resume) → POST /token. Cookies are kept per sequence.
 */
function oidcProviderCodeFlow(origin: string): Sequence {
  return async () => {
    const jar = new Map<string, string>();
    const keep = (a: Answer) => {
      for (const line of a.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const i = pair.indexOf('=');
        const value = pair.slice(i + 1);
        if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) jar.set(pair.slice(0, i), value);
        else jar.delete(pair.slice(0, i));
      }
      return a;
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const start = keep(await send(origin, { method: 'GET', path: `/auth?${form({ client_id: 'hr-client', response_type: 'code', scope: 'read', redirect_uri: CALLBACK })}` }));
    const interaction = start.headers.get('location');
    if (start.status !== 303 || !interaction) throw new ProbeError('auth', start.status);
    const login = keep(
      await send(origin, { method: 'POST', path: `${new URL(interaction, origin).pathname}/login`, headers: { ...FORM, cookie: cookie() }, body: form({ username: 'bjensen', password: 'Ch4ng31t' }) }),
    );
    const resume = login.headers.get('location');
    if (login.status !== 303 || !resume) throw new ProbeError('login', login.status);
    const done = keep(await send(origin, { method: 'GET', path: new URL(resume, origin).pathname, headers: { cookie: cookie() } }));
    const code = codeFrom(done);
    if (!code) throw new ProbeError('auth resume', done.status, done.headers.get('location') ?? '');
    const token = await send(origin, {
      method: 'POST',
      path: '/token',
      headers: FORM,
      body: form({ grant_type: 'authorization_code', client_id: 'hr-client', client_secret: SECRET, code, redirect_uri: CALLBACK }),
    });
    if (token.status !== 200) throw new ProbeError('token', token.status, errorOf(token));
  };
}

function codeFrom(answer: Answer): string | undefined {
  const location = answer.headers.get('location');
  if (answer.status < 300 || answer.status >= 400 || !location) return undefined;
  return new URL(location).searchParams.get('code') ?? undefined;
}

/**
 * S (issue 4: "measure and record runs per second"): libs/scripting's own benchmark, run once in
 * this process for the three S rows: the seed scripts, one at a time, each in a fresh QuickJS
 * runtime + context in a worker of the script pool, as token-service and registration-service run them.
 */
let sandboxRun: { runs: number; result: Promise<ScriptingBenchmarkResult> } | undefined;
async function sandboxRate(runs: number, pick: (r: ScriptingBenchmarkResult) => RunRate): Promise<InProcessRate> {
  if (sandboxRun?.runs !== runs) sandboxRun = { runs, result: scriptingBenchmark(runs) };
  const result = await sandboxRun.result;
  const rate = pick(result);
  return { ...rate, runs, note: `${rate.cpu} runs per CPU-second; ${runs} sequential runs after warm-up, fresh runtime + context each, in a script-pool worker; first run ${result.firstRunMs} ms (worker start and WebAssembly load)` };
}

/** Requests that each run a `while (true) {}` may-act script, kept in flight at once by the R row. */
const RUNAWAY_SCRIPTS = 16;

/** amadmin creates a looping may-act script and an agent that runs it (once per target). */
async function runawayAgent(t: Target): Promise<LoadRequest> {
  const login = await send(t.origin, {
    method: 'POST',
    path: '/am/json/realms/root/authenticate',
    headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': BENCH_ADMIN_PASSWORD, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  const admin = login.json?.tokenId;
  if (login.status !== 200 || typeof admin !== 'string') throw new ProbeError('amadmin login', login.status, errorOf(login));
  const headers = (version: string) => ({ iPlanetDirectoryPro: admin, 'content-type': 'application/json', 'Accept-API-Version': version });
  const script = await send(t.origin, {
    method: 'POST',
    path: `${ALPHA_JSON}/scripts?_action=create`,
    headers: headers('resource=1.1'),
    body: JSON.stringify({ name: 'bench runaway may act', script: Buffer.from('while (true) {}').toString('base64'), language: 'JAVASCRIPT', context: 'OAUTH2_MAY_ACT_NEXT_GEN', evaluatorVersion: '2.0' }),
  });
  if (script.status !== 201 && script.status !== 409) throw new ProbeError('create script', script.status, JSON.stringify(script.json ?? {}));
  const agent = await send(t.origin, {
    method: 'PUT',
    path: `${ALPHA_JSON}/realm-config/agents/AIAgent/bench-runaway-agent`,
    headers: headers('resource=2.0'),
    body: JSON.stringify({
      coreOAuth2ClientConfig: { userpassword: SECRET, clientType: 'Confidential', scopes: ['read'] },
      overrideOAuth2ClientConfig: { providerOverridesEnabled: true, accessTokenMayActScript: 'bench runaway may act' },
    }),
  });
  if (agent.status !== 200 && agent.status !== 201) throw new ProbeError('put agent', agent.status, JSON.stringify(agent.json ?? {}));
  const req = clientCredentials(t, 'bench-runaway-agent', 'read');
  const probe = await send(t.origin, req);
  if (probe.status !== 500 || probe.json?.error !== 'server_error') throw new ProbeError('runaway script', probe.status, errorOf(probe));
  return req;
}

/** RUNAWAY_SCRIPTS loops, each sending the runaway request again as soon as it is answered, until stopped. */
async function runawayLoad(t: Target): Promise<(() => Promise<void>) | string> {
  if (t.kind !== 'mandate') return 'n/a';
  let req: LoadRequest;
  try {
    req = await runawayAgent(t);
  } catch (error) {
    if (error instanceof ProbeError) return `setup failed (${error.message})`;
    throw error;
  }
  let running = true;
  const loops = Array.from({ length: RUNAWAY_SCRIPTS }, async () => {
    while (running) await send(t.origin, req).catch(() => undefined);
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

export const workloads: Workload[] = [
  {
    id: 'W0',
    title: 'bare Node HTTP server (machine ceiling)',
    request: async (t) => (t.kind === 'bare' ? { method: 'GET', path: '/' } : 'n/a'),
  },
  {
    id: 'W0',
    variant: 'RS256',
    title: 'RS256 signatures/s with every core, no server (the ceiling of a row that signs a token per request: W1 jwt, W3 policy)',
    inProcess: ({ seconds }) => signingCeiling(seconds),
  },
  {
    id: 'D',
    title: 'discovery document',
    extra: true,
    request: async (t) =>
      t.kind === 'bare' ? 'n/a' : { method: 'GET', path: t.kind === 'oidc-provider' ? '/.well-known/openid-configuration' : `${ALPHA}/.well-known/openid-configuration` },
  },
  {
    id: 'R',
    title: `discovery document while ${RUNAWAY_SCRIPTS} runaway may-act scripts (while (true) {}) are requested without pause; idle: the same load just before`,
    request: async (t) => (t.kind === 'mandate' ? { method: 'GET', path: `${ALPHA}/.well-known/openid-configuration` } : 'n/a'),
    during: runawayLoad,
  },
  {
    id: 'W1',
    variant: 'opaque',
    title: 'client_credentials, server-side token (hr-agent)',
    request: (t) => probed(t, async () => clientCredentials(t, 'hr-agent', 'read'), issued('opaque')),
  },
  {
    id: 'W1',
    variant: 'jwt',
    title: 'client_credentials, client-side JWT RS256 (digital-assistant-ai-agent)',
    request: (t) => probed(t, async () => clientCredentials(t, 'digital-assistant-ai-agent', 'read-data'), issued('jwt')),
  },
  {
    id: 'W2',
    title: 'introspection of a valid server-side token (hr-agent, by itself)',
    request: (t) =>
      probed(
        t,
        async () => {
          const token = await obtain('client_credentials', t, clientCredentials(t, 'hr-agent', 'read'));
          return postForm(t, introspectPath(t), { token, client_id: 'hr-agent', client_secret: SECRET });
        },
        (json) => (json.active === true ? undefined : `active: ${String(json.active)}`),
      ),
  },
  {
    id: 'W3',
    variant: 'may_act',
    title: 'token exchange, delegation by may_act (seed 001: risk-agent for data-agent, actor token)',
    request: (t) =>
      probed(
        t,
        async () => {
          const subject = await obtain('client_credentials data-agent', t, clientCredentials(t, 'data-agent', 'read'));
          const actor = await obtain('client_credentials risk-agent', t, clientCredentials(t, 'risk-agent', 'read'));
          return postForm(t, tokenPath(t), {
            client_id: 'risk-agent',
            client_secret: SECRET,
            ...seedExchangeFields(subject, actor),
          });
        },
        exchanged('opaque'),
      ),
  },
  {
    id: 'W3',
    variant: 'policy',
    title: 'token exchange, application policy (seed 003: digital-assistant-ai-agent for bjensen, audience)',
    request: (t) =>
      probed(
        t,
        async () => {
          const subject = await userToken(t);
          return postForm(t, tokenPath(t), {
            grant_type: TOKEN_EXCHANGE,
            subject_token: subject,
            subject_token_type: ACCESS_TOKEN_TYPE,
            client_id: 'digital-assistant-ai-agent',
            client_secret: SECRET,
            audience: 'digital-assistant-web-app',
            scope: 'read-data',
          });
        },
        exchanged('jwt'),
      ),
  },
  {
    id: 'W4',
    title: 'login → authorize → code → token (seed 000, bjensen, hr-client)',
    sequence: async (t) => {
      if (t.kind === 'bare') return 'n/a';
      const sequence = t.kind === 'oidc-provider' ? oidcProviderCodeFlow(t.origin) : mandateCodeFlow(t.origin);
      try {
        await sequence();
        return sequence;
      } catch (error) {
        if (!(error instanceof ProbeError)) throw error;
        return error.status === 404 || error.status === 405 ? `not available yet (probe answered ${error.status} at ${error.step})` : `probe failed (${error.message})`;
      }
    },
  },
  {
    id: 'A',
    variant: 'subject',
    title: `audit query of one subject's exchanges, newest first, in a trail of ${AUDIT_EVENTS.toLocaleString('en')} events (amadmin, _pageSize=50)`,
    extra: true,
    request: (t) => auditQuery(t, BENCH_ADMIN_PASSWORD, 'subject eq "bench-user-4242" and event eq "token_exchanged"'),
  },
  {
    id: 'A',
    variant: 'actor',
    title: `audit query of what one agent did (\`actors co\`, GIN), newest first, in the same trail`,
    extra: true,
    request: (t) => auditQuery(t, BENCH_ADMIN_PASSWORD, 'actors co "bench-agent-17"'),
  },
  {
    id: 'S',
    variant: 'next-gen',
    title: 'may-act script runs/s in the sandbox, in-process (seed 000 hr-agent, next-generation)',
    inProcess: ({ runs }) => sandboxRate(runs, (r) => r.nextGenMayAct),
  },
  {
    id: 'S',
    variant: 'legacy',
    title: 'may-act script runs/s in the sandbox, in-process (seed 000 hr-agent, legacy JavaImporter + JsonValue)',
    inProcess: ({ runs }) => sandboxRate(runs, (r) => r.legacyMayAct),
  },
  {
    id: 'S',
    variant: 'dcr',
    title: 'DCR script runs/s in the sandbox, in-process (seed 002 software agent DCR script, CREATE)',
    inProcess: ({ runs }) => sandboxRate(runs, (r) => r.dcr),
  },
];
