import { Readable } from 'node:stream';
import { OAuthError } from '@mandate/oauth';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The registration routes, realm-free (after the realm rewriter) and with the base path. */
const DCR_ROUTE = /\/oauth2\/(aiagent\/)?register$/;

/**
 * RFC 7591 §3.2.2: a registration request that is not JSON answers `invalid_client_metadata`
 * rather than the gateway's generic `invalid_request`. The body is read here (within the body
 * limit), checked and handed on unchanged to the usual JSON parser.
 */
export function refuseMalformedRegistrationJson(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!DCR_ROUTE.test(request.routeOptions.url ?? '') || !isJson(request)) return payload;
    const limit = request.routeOptions.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 1024 * 1024;
    const body = await readAtMost(payload, limit);
    const text = body.toString('utf8');
    if (text.trim() !== '') {
      try {
        JSON.parse(text);
      } catch {
        throw new OAuthError(400, 'invalid_client_metadata', 'The registration request is not valid JSON');
      }
    }
    return Readable.from([body]);
  });
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type);
}

async function readAtMost(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    // contract §3.11: bodies over the limit answer 413.
    if (size > limit) throw new OAuthError(413, 'invalid_request', 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
