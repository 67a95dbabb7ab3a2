import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertJsonDepth } from './json-depth';

/**
 * AM's admin tools send `Content-Type: application/json` on GET and DELETE without a body;
 * Fastify would answer 400. An empty JSON body is read as no body. Anything else goes to
 * Fastify's own parser, which keeps its prototype-poisoning protection, once its nesting is
 * known to be at most 64 levels deep (deeper bodies answer 400): this parser is the one place
 * every JSON route's body goes through.
 */
export function acceptEmptyJsonBodies(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    try {
      assertJsonDepth(text);
    } catch (error) {
      return done(error as Error, undefined);
    }
    parse(request, text, done);
  });
}
