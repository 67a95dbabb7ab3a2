/**
 * The load of `npm run faults`: a few workers, each in a loop with a short pause, issuing
 * client_credentials tokens, revoking some of them, exchanging tokens (seed 001: risk-agent for
 * data-agent) and registering clients. Every request is an attempt in the ledger; every 2xx a
 * write. A registration that fails ambiguously is sent again with the same Idempotency-Key and
 * body, as a client that cannot tell whether it was done must.
 */
import { jsonOf, seedExchangeFields } from '@mandate/testing';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Attempt, isAmbiguous, type Ledger, type Operation } from './ledger';

export const ALPHA = '/am/oauth2/realms/root/realms/alpha';
const SECRET = 'mySecret';
/** Each registration is named after its key, so the check can find every client a key made. */
export const REGISTRATION_NAME_PREFIX = 'faults ';
/** A request unanswered this long is given up (and counts as ambiguous). */
const REQUEST_TIMEOUT_MS = 10_000;
/** A registration is retried for this long at most, then left unacknowledged. */
const RETRY_FOR_MS = 20_000;
const RETRY_PAUSE_MS = 200;

export interface Answer {
  status?: number;
  json?: Record<string, unknown>;
  error?: string;
}

export const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});
export const basic = (id: string, secret = SECRET) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

/** One request, never throwing: no answer is `status: undefined` with the socket error's code. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  try {
    const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const json = jsonOf<Record<string, unknown>>(await res.text());
    return { status: res.status, json, error: res.ok ? undefined : String(json?.error ?? json?.reason ?? res.status) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? (error as Error).name };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoadOptions {
  origin: string;
  workers: number;
  /** Pause between two operations of a worker, ms: the load stays modest on a shared machine. */
  pauseMs: number;
}

export class Load {
  /** The phase each attempt is labelled with: the one running when it was sent. */
  phase = 'baseline';
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly options: LoadOptions,
    private readonly ledger: Ledger,
  ) {}

  private url(path: string) {
    return `${this.options.origin}${ALPHA}/${path}`;
  }

  private async attempt(op: Operation, url: string, init: RequestInit): Promise<{ answer: Answer; attempt: Attempt }> {
    const phase = this.phase;
    const start = performance.now();
    const answer = await send(url, init);
    const ok = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
    const attempt = this.ledger.record({ op, phase, start, end: performance.now(), ok, status: answer.status, error: answer.error });
    return { answer, attempt };
  }

  private async token(client: string, op: 'token' | 'exchange' = 'token', fields: Record<string, string> = { grant_type: 'client_credentials', scope: 'read' }): Promise<string | undefined> {
    const { answer, attempt } = await this.attempt(op, this.url('access_token'), form({ client_id: client, client_secret: SECRET, ...fields }));
    const token = answer.json?.access_token;
    if (!attempt.ok || typeof token !== 'string') return undefined;
    this.ledger.issued({ token, op, client, phase: attempt.phase });
    return token;
  }

  private async revoke(token: string): Promise<void> {
    const { attempt } = await this.attempt('revocation', this.url('token/revoke'), form({ token }, basic('hr-agent')));
    this.ledger.revocation(token, attempt);
  }

  /** Seed 001: risk-agent exchanges data-agent's token, its own as the actor's. */
  private async exchange(subject: string, actor: string): Promise<void> {
    await this.token('risk-agent', 'exchange', seedExchangeFields(subject, actor));
  }

  private async register(): Promise<void> {
    const key = randomUUID();
    this.ledger.registrationKeys.add(key);
    const body = JSON.stringify({ client_name: `${REGISTRATION_NAME_PREFIX}${key}`, grant_types: ['client_credentials'], scope: 'read', redirect_uris: ['https://www.example.com:443/callback'] });
    const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body };
    const until = performance.now() + RETRY_FOR_MS;
    for (;;) {
      const { answer, attempt } = await this.attempt('registration', this.url('register'), init);
      if (attempt.ok) {
        const { client_id, registration_client_uri, registration_access_token } = answer.json ?? {};
        if (typeof client_id === 'string' && typeof registration_client_uri === 'string' && typeof registration_access_token === 'string') {
          this.ledger.registered({ key, clientId: client_id, registrationClientUri: registration_client_uri, registrationAccessToken: registration_access_token, phase: attempt.phase });
        }
        return;
      }
      if (!isAmbiguous(attempt) || performance.now() > until) return;
      await sleep(RETRY_PAUSE_MS);
    }
  }

  /** One worker: token every turn, then in rotation a revocation, an exchange, a registration. */
  private async loop(worker: number): Promise<void> {
    let subject: string | undefined;
    let actor: string | undefined;
    for (let turn = worker; this.running; turn++) {
      const token = await this.token('hr-agent');
      if (!this.running) break;
      switch (turn % 3) {
        case 0:
          if (token) await this.revoke(token);
          break;
        case 1:
          subject ??= await this.token('data-agent');
          actor ??= await this.token('risk-agent');
          if (subject && actor) await this.exchange(subject, actor);
          break;
        default:
          await this.register();
      }
      await sleep(this.options.pauseMs);
    }
  }

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.workers }, (_, i) => this.loop(i));
  }

  /** Stops the workers after their current operation (a registration's retries included). */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
