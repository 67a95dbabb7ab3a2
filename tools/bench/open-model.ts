/**
 * Latency at a fixed arrival rate (issue 24.3): an open-model load. autocannon keeps N connections
 * each waiting on its answer (a closed model: a slow server slows the load down and hides its own
 * queue). Here a timer sends each request at its scheduled time whether or not earlier ones were
 * answered, and latency is counted from the scheduled time, so a send the bench issued late still
 * pays for the lateness (no coordinated omission). Sends issued more than LATE_MS after their
 * time are counted as late; sends never issued (the in-flight cap, or the window closed first)
 * as missed.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadRequest } from './bench-types';

/** A send issued more than this many ms after its scheduled time is late. */
export const LATE_MS = 2;
/** Requests in flight beyond this are not sent (counted as missed): the bench must not queue without bound. */
export const MAX_IN_FLIGHT = 512;
/** Keep-alive connections at most, opened as needed (a client's pool); a send waits for a free one, and the wait counts in its latency. */
export const MAX_CONNECTIONS = 64;

/** The scheduled send times, in ms from the start: one every 1000 / rate ms, `rate × seconds` of them. */
export function sendTimes(rate: number, seconds: number): number[] {
  if (!(rate > 0) || !(seconds > 0)) return [];
  const count = Math.floor(rate * seconds);
  return Array.from({ length: count }, (_, i) => (i * 1000) / rate);
}

/** How many sends are due `elapsedMs` after the start: the index of the first whose time is still ahead. */
export function dueBy(times: number[], from: number, elapsedMs: number): number {
  let i = from;
  while (i < times.length && times[i] <= elapsedMs) i++;
  return i;
}

/** The q-quantile (0–1) of sorted values, rounded to 0.1 ms (0 when there are none). */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
}

export interface OpenModelResult {
  /** The offered rate, req/s. */
  rate: number;
  scheduled: number;
  completed: number;
  errors: number;
  late: number;
  missed: number;
  /** Latency from the scheduled send time, ms. */
  p50: number;
  p99: number;
  max: number;
}

/** Sends `req` to `url` at `rate` req/s for `seconds`, on up to MAX_CONNECTIONS keep-alive connections opened as needed. */
export async function runOpenModel(url: string, req: LoadRequest, rate: number, seconds: number): Promise<OpenModelResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS });
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const headers = { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
  const times = sendTimes(rate, seconds);
  const latencies: number[] = [];
  let errors = 0;
  let late = 0;
  let missed = 0;
  let inFlight = 0;
  let next = 0;
  const start = performance.now();
  let finished: () => void = () => undefined;
  const allAnswered = new Promise<void>((resolve) => (finished = resolve));
  const settle = (ok: boolean, scheduledAt: number) => {
    inFlight--;
    if (ok) latencies.push(performance.now() - start - scheduledAt);
    else errors++;
    if (next >= times.length && inFlight === 0) finished();
  };
  const send = (scheduledAt: number) => {
    inFlight++;
    let done = false;
    const once = (ok: boolean) => {
      if (!done) {
        done = true;
        settle(ok, scheduledAt);
      }
    };
    const r = httpRequest({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers, timeout: 10_000 }, (res) => {
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
      res.on('data', () => undefined);
      res.on('end', () => once(ok));
      res.on('error', () => once(false));
    });
    r.on('error', () => once(false));
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.end(body);
  };
  await new Promise<void>((resolveSending) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = dueBy(times, next, elapsed);
      for (; next < due; next++) {
        if (inFlight >= MAX_IN_FLIGHT) {
          missed++;
          continue;
        }
        if (elapsed - times[next] > LATE_MS) late++;
        send(times[next]);
      }
      if (next < times.length) setTimeout(tick, Math.max(0, times[next] - (performance.now() - start)));
      else resolveSending();
    };
    tick();
  });
  if (inFlight > 0) await Promise.race([allAnswered, new Promise((r) => setTimeout(r, 10_000))]);
  missed += inFlight; // still unanswered after 10 s: as good as never answered
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rate, scheduled: times.length, completed: latencies.length, errors, late, missed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: quantile(latencies, 1) };
}
