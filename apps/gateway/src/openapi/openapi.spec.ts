import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayModule } from '../app/gateway.module';
import { openApiDocument } from './openapi.document';
import type { HttpMethod } from './openapi.types';
import { UNPREFIXED_ROUTES } from './unprefixed-routes';

const BASE = 'http://localhost:8080/am';
const METHODS: HttpMethod[] = ['get', 'put', 'post', 'delete'];

/** `GET /am/oauth2/access_token` for every operation, as Fastify names the route (realm segment dropped, `{id}` → `:id`). */
function documentedRoutes(): string[] {
  const document = openApiDocument(BASE);
  const routes: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const server = new URL(item.servers?.[0]?.url ?? document.servers[0].url, 'http://localhost').pathname.replace(/\/+$/, '');
    const route = `${server}${path}`.replace('/realms/root/realms/{realm}', '').replace(/\{([^}]+)\}/g, ':$1');
    for (const method of METHODS) if (item[method]) routes.push(`${method.toUpperCase()} ${route}`);
  }
  return routes.sort();
}

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  const served: string[] = [];

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(GatewayModule, new FastifyAdapter(), { logger: false, abortOnError: false });
    app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') served.push(`${method} ${route.url}`);
    });
    app.setGlobalPrefix('am', { exclude: UNPREFIXED_ROUTES });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('documents every route the gateway serves, and no route it does not', () => {
    expect(served.length).toBeGreaterThan(40);
    expect(documentedRoutes()).toEqual([...new Set(served)].sort());
  });

  it('gives every operation a unique operationId, a tag and at least one response', () => {
    const document = openApiDocument(BASE);
    const operations = Object.values(document.paths).flatMap((item) => METHODS.flatMap((m) => (item[m] ? [item[m]] : [])));
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    for (const operation of operations) {
      expect(operation.tags.length).toBeGreaterThan(0);
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    }
  });

  it('declares every path parameter of a path, and resolves every $ref', () => {
    const document = openApiDocument(BASE);
    const text = JSON.stringify(document);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/([\w-]+)"/g)) {
      expect((document.components as Record<string, Record<string, unknown>>)[kind]?.[name]).toBeDefined();
    }
    for (const [path, item] of Object.entries(document.paths)) {
      const declared = (item.parameters ?? []).map((p) => ('$ref' in p ? p.$ref.split('/').pop() : p.name));
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) expect({ path, declared }).toEqual({ path, declared: expect.arrayContaining([name]) });
    }
  });

  it('serves OpenAPI 3.1 with this deployment’s base URL', () => {
    const document = openApiDocument('https://as.example.com/am');
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://as.example.com/am' }]);
    expect(document.components.schemas.TokenResponse).toMatchObject({ type: 'object', required: ['access_token', 'token_type', 'expires_in'] });
  });
});
