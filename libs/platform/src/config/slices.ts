import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineConfig, emptyAsUnset } from './config';

const port = z.coerce.number().int().min(0).max(65535);

/** A user seed is `SU` and 56 more base32 characters; its value never goes into a message. */
const isUserSeed = (text: string) => /^SU[A-Z2-7]{56}$/.test(text.trim());
const isPemCertificate = (text: string) => text.includes('-----BEGIN CERTIFICATE-----');

/** A file that can be read now and holds `what`; the problem names the path, not the content. */
function readableFile(valid: (text: string) => boolean, what: string) {
  return (path: string, ctx: z.RefinementCtx) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    if (!valid(text)) ctx.addIssue({ code: 'custom', message: `${path} does not hold ${what}` });
  };
}

/**
 * Every process. Defaults are the local single-machine values.
 * - MANDATE_TRANSPORT: `nats` (distributed) or `inproc` (every service in one process).
 * - NATS_URL: where the NATS server is, for the `nats` transport.
 * - RPC_TIMEOUT_MS: how long a caller waits for a service before answering 503.
 * - HEALTH_PORT: a service's own HTTP port for /health/live and /health/ready (unset: none).
 * - LOG_LEVEL: pino level.
 * - NATS_NKEY_SEED_FILE: this process's NATS identity, the `<app>.nk` seed file that
 *   `npm run nats:secrets` writes. Unset: no authentication (local development only;
 *   production must set it).
 * - NATS_TLS_CA_FILE: the PEM CA that signed nats-server's certificate; set, the connection
 *   must be TLS (with a `nats://` or `tls://` URL). Unset: plain TCP (production must set it).
 */
export const transportConfig = defineConfig(
  'transport',
  z.object({
    MANDATE_TRANSPORT: z.enum(['nats', 'inproc']).default('nats'),
    NATS_URL: z.string().regex(/^(nats|tls|ws|wss):\/\/\S+$/, 'a nats:// URL').default('nats://127.0.0.1:4222'),
    RPC_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(5000),
    HEALTH_PORT: port.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NATS_NKEY_SEED_FILE: z.preprocess(emptyAsUnset, z.string().superRefine(readableFile(isUserSeed, 'an nkey user seed (SU…)')).optional()),
    NATS_TLS_CA_FILE: z.preprocess(emptyAsUnset, z.string().superRefine(readableFile(isPemCertificate, 'a PEM certificate')).optional()),
  }),
);
export type TransportConfig = z.infer<typeof transportConfig.schema>;

/**
 * Services that own tables.
 * - DATABASE_URL: a postgres:// URL. Each service keeps its tables in its own schema.
 * - DATABASE_POOL_SIZE: connections per service process.
 */
export const databaseConfig = defineConfig(
  'database',
  z.object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// URL'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  }),
);
export type DatabaseConfig = z.infer<typeof databaseConfig.schema>;

/**
 * The public base URL (AM's deployment URL, ending in `/am`). Issuers are derived from it,
 * never from the Host header: realm `alpha`'s issuer is `{AM_BASE_URL}/oauth2/realms/root/realms/alpha`.
 */
export const issuerConfig = defineConfig(
  'issuer',
  z.object({
    AM_BASE_URL: z
      .string()
      .url()
      .regex(/^https?:\/\/[^?#]+$/, 'an http(s) URL without query or fragment')
      .transform((u) => u.replace(/\/+$/, ''))
      .default('http://localhost:8080/am'),
  }),
);
export type IssuerConfig = z.infer<typeof issuerConfig.schema>;

/** The gateway's public HTTP listener. */
export const httpConfig = defineConfig(
  'http',
  z.object({
    PORT: port.default(8080),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** RFC 9700 / contract §3.11: bodies over 1 MiB answer 413. */
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  }),
);
export type HttpConfig = z.infer<typeof httpConfig.schema>;
