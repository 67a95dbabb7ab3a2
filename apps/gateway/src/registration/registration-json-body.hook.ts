import { Readable } from 'node:stream';
import { OAuthError } from '@mandate/oauth';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The registration routes, realm-free (after the realm rewriter) and with the base path. */
const DCR_ROUTE = /\/oauth2\/(aiagent\/)?register$/;

/**
 * The largest client metadata document registration accepts (issue 17). Far above any real
 * registration (seed 002's is 290 bytes), far below the gateway's body limit.
 */
export const MAX_METADATA_BYTES = 64 * 1024;

/**
 * RFC 7591 §3.1: a registration request (and an RFC 7592 §2.2 update) is a JSON document. The
 * body is read here (within the body limit), checked and handed on unchanged to the usual JSON
 * parser, so that what is not JSON, not valid JSON, or too large answers RFC 7591 §3.2.2
 * `invalid_client_metadata` rather than the gateway's generic `invalid_request`.
 */
export function refuseMalformedRegistrationJson(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!DCR_ROUTE.test(request.routeOptions.url ?? '') || (request.method !== 'POST' && request.method !== 'PUT')) return payload;
    if (!isJson(request)) {
      // A form body would otherwise be parsed into an object and read as metadata.
      if (request.headers['content-type'] !== undefined || hasBody(request)) {
        throw new OAuthError(400, 'invalid_client_metadata', 'The registration request must be a JSON document (Content-Type: application/json)');
      }
      return payload;
    }
    const limit = request.routeOptions.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 1024 * 1024;
    const body = await readAtMost(payload, limit);
    if (body.length > MAX_METADATA_BYTES) {
      throw new OAuthError(400, 'invalid_client_metadata', `The registration request is larger than ${MAX_METADATA_BYTES} bytes`);
    }
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

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
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
