import fastifyCookie from '@fastify/cookie';
import fastifyFormBody from '@fastify/formbody';
import { RPC_TRANSPORT_CLIENT, httpConfig, issuerConfig, loadConfig, runService, transportConfig } from '@mandate/platform';
import type { NatsConnection } from 'nats';
import { GatewayModule } from './app/gateway.module';
import { basePath, realmRewriter } from './http/realm-rewrite';
import { installAccessLog } from './http/access-log';
import { acceptEmptyJsonBodies } from './http/json-body';
import { installHttpMetrics } from './metrics/http-metrics.hook';
import { installHttpTracing } from './tracing/http-tracing.hook';
import { UNPREFIXED_ROUTES } from './openapi/unprefixed-routes';
import { installRateLimits } from './rate-limit/rate-limit.hook';
import { rateLimitConfig } from './rate-limit/rate-limit.config';
import { lazyBucket, openRateLimitBucket } from './rate-limit/key-value.store';
import { consoleConfig } from './console/console.config';
import { registerConsoleFiles } from './console/console-static';

runService({
  name: 'gateway',
  module: GatewayModule,
  role: 'gateway',
  config: [httpConfig, issuerConfig, rateLimitConfig, consoleConfig],
  fastify: () => ({
    bodyLimit: loadConfig(httpConfig).BODY_LIMIT_BYTES,
    rewriteUrl: realmRewriter(basePath(loadConfig(issuerConfig).AM_BASE_URL)),
    // RFC 9700 §4.1.3: query strings may carry codes; Fastify's own request log stays off.
    logger: false,
    // AM's docs write `sessions/?_action=logout`: a trailing slash names the same route.
    routerOptions: { ignoreTrailingSlash: true },
  }),
  bodyParser: false,
  configure: async (app) => {
    await app.register(fastifyCookie);
    await app.register(fastifyFormBody);
    await registerConsoleFiles(app);
    acceptEmptyJsonBodies(app);
    const limits = loadConfig(rateLimitConfig);
    // Over NATS, every replica counts in the bus's key-value bucket; in one process, in memory.
    const counters =
      loadConfig(transportConfig).MANDATE_TRANSPORT === 'nats'
        ? lazyBucket(async () => openRateLimitBucket((await app.get<{ connect(): Promise<NatsConnection> }>(RPC_TRANSPORT_CLIENT).connect()), limits.RATE_LIMIT_WINDOW_SECONDS * 1000))
        : undefined;
    await installRateLimits(app, basePath(loadConfig(issuerConfig).AM_BASE_URL), limits, counters);
    installAccessLog(app);
    installHttpMetrics(app);
    installHttpTracing(app);
    app.setGlobalPrefix(basePath(loadConfig(issuerConfig).AM_BASE_URL).slice(1), { exclude: UNPREFIXED_ROUTES });
  },
  listen: () => ({ port: loadConfig(httpConfig).PORT, host: loadConfig(httpConfig).HOST }),
});
