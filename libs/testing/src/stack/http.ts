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
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, ms: performance.now() - started };
}
