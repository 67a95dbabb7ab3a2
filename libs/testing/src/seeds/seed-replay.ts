import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The documents' hosts: AM's example deployment and AIC's tenant placeholder (host and port aside, contract §1). */
const DOCUMENT_HOSTS = [/https:\/\/am\.example\.com:8443/g, /https:\/\/<tenant-env-fqdn>(:443)?/g];

export interface CurlResult {
  status: number;
  /** Lower-cased header names; the last value wins. */
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/**
 * Runs a seed's curl command with the real `curl`, as a user pasting it would: only the host is
 * changed, and placeholders (`<end-user-username>`, `user-token`, …) are replaced by the values a
 * user would type or copy from an earlier response. `--silent --include` are added so the status
 * and headers can be read (unless the command already dumps its headers).
 */
export async function runCurl(argv: string[], origin: string, substitutions: ReadonlyMap<string, string>): Promise<CurlResult> {
  if (argv[0] !== 'curl') throw new Error(`not a curl command: ${argv.join(' ')}`);
  const keys = [...substitutions.keys()].sort((a, b) => b.length - a.length);
  const args = argv.slice(1).map((arg) => {
    let out = arg;
    for (const host of DOCUMENT_HOSTS) out = out.replace(host, origin);
    for (const key of keys) out = out.split(key).join(substitutions.get(key)!);
    return out;
  });
  const dumps = args.includes('--dump-header') || args.includes('-D');
  const { stdout } = await run('curl', ['--silent', '--show-error', ...(dumps ? [] : ['--include']), ...args], { maxBuffer: 4 * 1024 * 1024 });
  return parseCurlOutput(stdout);
}

function parseCurlOutput(output: string): CurlResult {
  const split = output.search(/\r?\n\r?\n/);
  const head = split < 0 ? output : output.slice(0, split);
  const text = split < 0 ? '' : output.slice(split).replace(/^\r?\n\r?\n/, '');
  const [statusLine, ...lines] = head.split(/\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, json };
}

/** Keys whose documented value is an example of something generated: captured, not compared. */
const GENERATED = new Set(['tokenId', 'access_token', 'refresh_token', 'id_token', 'authGrantId', 'auditTrackingId', 'jti', 'client_secret', 'registration_access_token']);
const TIMES = new Set(['exp', 'iat', 'nbf', 'auth_time']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CompareOptions {
  origin: string;
  /** Documented example values → the values this run produced (filled as the run goes). */
  captured: Map<string, string>;
  /** Further keys whose documented value is a generated example (e.g. a DCR `client_id`). */
  generated?: string[];
  /** Keys whose order of elements does not matter (`scope` arrays, am-spec §5.10). */
  unordered?: string[];
}

/**
 * Compares a response with the one the document prints, field by field: generated values
 * (tokens, ids, times) by kind and consistency across the run (the same documented value must be
 * the same actual value everywhere), everything else by equality after the host change. A
 * documented `null` means absent (contract §3.3: no `"refresh_token": null`). Returns the
 * differences, empty when the response is as documented.
 */
export function compareWithDocument(actual: unknown, documented: unknown, options: CompareOptions): string[] {
  const problems: string[] = [];
  const generated = new Set([...GENERATED, ...(options.generated ?? [])]);
  const unordered = new Set(['scope', ...(options.unordered ?? [])]);
  const local = (value: string) => DOCUMENT_HOSTS.reduce((v, host) => v.replace(host, options.origin), value);
  const substitute = (value: string) => [...options.captured.keys()].sort((a, b) => b.length - a.length).reduce((v, k) => v.split(k).join(options.captured.get(k)!), value);

  // Captures first: a documented URI may name a value printed after it (DCR's client_id).
  const capture = (a: unknown, d: unknown, key: string) => {
    if (typeof d !== 'string' || typeof a !== 'string') return;
    if (generated.has(key) || UUID.test(d)) {
      const known = options.captured.get(d);
      if (known === undefined && !/\.\.\.|…/.test(d)) options.captured.set(d, a);
    }
  };
  walk(actual, documented, '', (a, d, path, key) => capture(a, d, key));

  walk(actual, documented, '', (a, d, path, key) => {
    if (d === null) {
      if (a !== undefined && a !== null) problems.push(`${path}: documented null (absent), got ${JSON.stringify(a)}`);
      return;
    }
    // An elided token shows its format by its start (`eyJ0eXAiOi…` is a signed JWT); other elided ids are only examples.
    if (typeof d === 'string' && /\.\.\.|…/.test(d) && (!generated.has(key) || key.endsWith('_token'))) {
      const prefix = d.split(/\.\.\.|…/)[0];
      if (typeof a !== 'string' || !a.startsWith(local(prefix))) problems.push(`${path}: expected a value starting ${JSON.stringify(prefix)}, got ${JSON.stringify(a)}`);
      return;
    }
    if (typeof d === 'string' && (generated.has(key) || UUID.test(d))) {
      const want = options.captured.get(d);
      if (typeof a !== 'string' || a.length === 0) problems.push(`${path}: expected a generated value, got ${JSON.stringify(a)}`);
      else if (UUID.test(d) && !UUID.test(a)) problems.push(`${path}: expected a UUID, got ${JSON.stringify(a)}`);
      else if (want !== undefined && want !== a) problems.push(`${path}: ${JSON.stringify(d)} was ${JSON.stringify(want)} earlier in this run, now ${JSON.stringify(a)}`);
      return;
    }
    if (TIMES.has(key)) {
      if (typeof a !== 'number' || !Number.isInteger(a)) problems.push(`${path}: expected seconds since the epoch, got ${JSON.stringify(a)}`);
      return;
    }
    if (key === 'expires_in' && typeof d === 'number') {
      if (typeof a !== 'number' || a <= 0 || a > Math.max(d, 3599)) problems.push(`${path}: expected whole seconds left (≤ ${Math.max(d, 3599)}), got ${JSON.stringify(a)}`);
      return;
    }
    if (Array.isArray(d)) {
      if (!Array.isArray(a)) problems.push(`${path}: expected an array, got ${JSON.stringify(a)}`);
      else if (unordered.has(key)) {
        const want = [...d].map(String).sort();
        const got = [...a].map(String).sort();
        if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`${path}: expected ${JSON.stringify(d)} in any order, got ${JSON.stringify(a)}`);
      } else if (a.length !== d.length) problems.push(`${path}: expected ${d.length} elements, got ${JSON.stringify(a)}`);
      return 'descend';
    }
    if (d !== null && typeof d === 'object') {
      if (a === null || typeof a !== 'object') problems.push(`${path}: expected an object, got ${JSON.stringify(a)}`);
      return 'descend';
    }
    const want = typeof d === 'string' ? substitute(local(d)) : d;
    if (key === 'scope' && typeof want === 'string' && typeof a === 'string') {
      if (want.split(' ').sort().join(' ') !== a.split(' ').sort().join(' ')) problems.push(`${path}: expected scope "${want}", got "${a}"`);
      return;
    }
    if (want !== a) problems.push(`${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(a)}`);
  });
  return problems;
}

type Visit = (actual: unknown, documented: unknown, path: string, key: string) => 'descend' | void;

function walk(actual: unknown, documented: unknown, path: string, visit: Visit, key = ''): void {
  if (documented !== null && typeof documented === 'object' && !Array.isArray(documented) && path === '') {
    for (const [k, d] of Object.entries(documented)) walk((actual as Record<string, unknown> | undefined)?.[k], d, k, visit, k);
    return;
  }
  const next = visit(actual, documented, path, key);
  if (Array.isArray(documented)) {
    if (next === 'descend' && Array.isArray(actual) && key !== 'scope') documented.forEach((d, i) => walk(actual[i], d, `${path}[${i}]`, visit, key));
    return;
  }
  if (documented !== null && typeof documented === 'object' && actual !== null && typeof actual === 'object') {
    for (const [k, d] of Object.entries(documented)) walk((actual as Record<string, unknown>)[k], d, `${path}.${k}`, visit, k);
  }
}
