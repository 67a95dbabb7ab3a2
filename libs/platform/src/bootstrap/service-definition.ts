import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { ConfigSlice } from '../config/config';

export interface ServiceDefinition {
  /** `registration-service`, …, or `gateway`. */
  name: string;
  module: Type<unknown>;
  /** Every configuration slice the process reads; all are validated before anything starts. */
  config: ConfigSlice[];
  /** `service`: a microservice in its own queue group (HTTP only for health, on HEALTH_PORT). `gateway`: the public HTTP edge. */
  role: 'service' | 'gateway';
  /** Fastify options of the HTTP server (the gateway's URL rewriting and body limit). */
  fastify?: () => FastifyServerOptions;
  /** false: Nest registers no body parsers; `configure` registers its own (the gateway does). */
  bodyParser?: boolean;
  /** Last touches on the app before it listens (plugins, global filters). */
  configure?: (app: NestFastifyApplication) => Promise<void> | void;
  /** Where the gateway listens; services listen on HEALTH_PORT when it is set. */
  listen?: () => { port: number; host: string };
}

export interface RunningService {
  name: string;
  /** The HTTP address, when the process listens. */
  url?: string;
  close(): Promise<void>;
}
