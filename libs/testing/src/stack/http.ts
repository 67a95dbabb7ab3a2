/** A response read whole, for exact assertions on status, headers and body. */
export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Milliseconds from sending to the end of the body. */
  ms: number;
}

export async function http(url: string, init: RequestInit = {}): Promise<WireResponse> {
  const started = performance.now();
  const res = await fetch(url, { redirect: 'manual', ...init, signal: init.signal ?? AbortSignal.timeout(30_000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: jsonOf(text), ms: performance.now() - started };
}

/** A body parsed as JSON, or undefined when it is empty or not JSON. */
export function jsonOf<T = unknown>(text: string): T | undefined {
  try {
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}
