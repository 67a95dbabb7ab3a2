import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * AM's admin tools send `Content-Type: application/json` on GET and DELETE without a body;
 * Fastify would answer 400. An empty JSON body is read as no body. Anything else goes to
 * Fastify's own parser, which keeps its prototype-poisoning protection.
 */
export function acceptEmptyJsonBodies(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    parse(request, text, done);
  });
}
