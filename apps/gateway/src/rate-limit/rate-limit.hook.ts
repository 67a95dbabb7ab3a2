import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CrestError, type MandateError, OAuthError } from '@mandate/oauth';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitConfig } from './rate-limit.config';
import { type CounterBucket, keyValueStore } from './key-value.store';

/** One kind of anonymous request, limited per address and, where a client presents itself, per client and address. */
interface RouteFamily {
  name: string;
  /** Realm-free route patterns below the base path, as Fastify names them after the realm rewrite. */
  routes: string[];
  wire: 'oauth' | 'crest';
  perAddress: (config: RateLimitConfig) => number;
  perClient?: (config: RateLimitConfig) => number;
}

/**
 * The limited endpoints. A new one is a row. CIBA's `/bc-authorize` has its own budget, lower than
 * the token endpoint's: each accepted request notifies a person (the approvals page, the webhook).
 */
const FAMILIES: RouteFamily[] = [
  { name: 'register', routes: ['/oauth2/register', '/oauth2/aiagent/register'], wire: 'oauth', perAddress: (c) => c.RATE_LIMIT_REGISTER_MAX },
  { name: 'authenticate', routes: ['/json/authenticate'], wire: 'crest', perAddress: (c) => c.RATE_LIMIT_AUTHENTICATE_MAX },
  { name: 'token', routes: ['/oauth2/access_token'], wire: 'oauth', perAddress: (c) => c.RATE_LIMIT_TOKEN_MAX, perClient: (c) => c.RATE_LIMIT_TOKEN_CLIENT_MAX },
  { name: 'backchannel', routes: ['/oauth2/bc-authorize'], wire: 'oauth', perAddress: (c) => c.RATE_LIMIT_BC_AUTHORIZE_MAX, perClient: (c) => c.RATE_LIMIT_BC_AUTHORIZE_CLIENT_MAX },
];

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Rate limits on the anonymous endpoints' POSTs (issue 17), counted by @fastify/rate-limit:
 * over NATS, in a JetStream key-value bucket that every gateway replica shares (`counters`,
 * see key-value.store.ts); in one process (npm start), in its memory (an LRU of keys). Checked in preHandler, once the body
 * is parsed, because the per-client key needs a form's `client_id`. Over a limit the request
 * fails with a MandateError that the one wire filter writes: 429 with `Retry-After` (RFC 6585 §4).
 */
export async function installRateLimits(app: NestFastifyApplication, basePath: string, config: RateLimitConfig, counters?: () => Promise<CounterBucket>): Promise<void> {
  if (!config.RATE_LIMIT_ENABLED) return;
  const store = counters && config.RATE_LIMIT_STORE === 'bus' ? { store: keyValueStore(counters) } : {};
  await app.register(fastifyRateLimit, { global: false, cache: 10_000, skipOnError: true, ...store });
  const fastify = app.getHttpAdapter().getInstance();
  const timeWindow = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const limiter = (family: string, max: number, key: (request: FastifyRequest) => string): Limiter =>
    fastify.createRateLimit({ max, timeWindow, keyGenerator: (request) => `${family}|${key(request)}` });
  const byRoute = new Map<string, { family: RouteFamily; limiters: Limiter[] }>();
  for (const family of FAMILIES) {
    const limiters = [limiter(`${family.name}:address`, family.perAddress(config), address)];
    if (family.perClient) limiters.push(limiter(`${family.name}:client`, family.perClient(config), (r) => `${address(r)}|${presentedClientId(r)}`));
    for (const route of family.routes) byRoute.set(`${basePath}${route}`, { family, limiters });
  }
  fastify.addHook('preHandler', async (request) => {
    if (request.method !== 'POST') return;
    const limited = byRoute.get(request.routeOptions.url ?? '');
    if (!limited) return;
    for (const check of limited.limiters) {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) throw tooManyRequests(limited.family.wire, Math.max(1, result.ttlInSeconds));
    }
  });
}

function address(request: FastifyRequest): string {
  return normalizeIP(request.ip);
}

/**
 * The client_id a token request presents, for its counter only: HTTP Basic's user part, else
 * the form's `client_id`; empty when there is none or it is malformed (the controller refuses
 * those with the proper error). Never the secret.
 */
export function presentedClientId(request: Pick<FastifyRequest, 'headers' | 'body'>): string {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^basic /i.test(authorization)) {
    const text = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = text.indexOf(':');
    try {
      return colon > 0 ? decodeURIComponent(text.slice(0, colon).replace(/\+/g, ' ')).slice(0, 256) : '';
    } catch {
      return '';
    }
  }
  const body = request.body as Record<string, unknown> | undefined;
  const id = typeof body === 'object' && body !== null ? body['client_id'] : undefined;
  return typeof id === 'string' ? id.slice(0, 256) : '';
}

/**
 * RFC 6749 has no code for "too many requests". OAuth answers `temporarily_unavailable`
 * (RFC 6749 §4.1.2.1: "unable to handle the request due to a temporary overloading"), the
 * registered code closest in meaning, with status 429 and Retry-After (RFC 6585 §4). Not
 * `slow_down`: RFC 8628 §3.5 and CIBA give it a precise meaning for polling clients (add 5 s to
 * the interval), which a device or CIBA client would misread here. CREST answers its own shape.
 */
function tooManyRequests(wire: RouteFamily['wire'], retryAfterSeconds: number): MandateError {
  const description = `Too many requests; retry after ${retryAfterSeconds} s`;
  const error = wire === 'crest' ? new CrestError(429, description) : new OAuthError(429, 'temporarily_unavailable', description);
  error.headers['Retry-After'] = String(retryAfterSeconds);
  return error;
}
