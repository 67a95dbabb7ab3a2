import type { FastifyRequest } from 'fastify';

/**
 * RFC 9449 §4.3: every `DPoP` header of the request (Node would join repeated ones with a comma,
 * so they are read from the raw headers), the method, and `htu`: the public origin and the path
 * the client called (before the realm rewrite), without query. No header: nothing is sent.
 */
export function dpopOf(request: FastifyRequest, origin: string): { dpop?: { proofs: string[]; htm: string; htu: string } } {
  const raw = request.raw.rawHeaders;
  const proofs: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i].toLowerCase() === 'dpop') proofs.push(raw[i + 1]);
  if (proofs.length === 0) return {};
  const url = request.originalUrl ?? request.url;
  const q = url.search(/[?#]/);
  return { dpop: { proofs, htm: request.method, htu: origin + (q < 0 ? url : url.slice(0, q)) } };
}
