import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentCorrelationId } from './correlation';

/** Fields that may hold credentials: pino replaces them with "[redacted]" wherever they appear. */
const REDACT = [
  'password',
  'userpassword',
  'client_secret',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'subject_token',
  'actor_token',
  'code_verifier',
  'tokenId',
  'authorization',
  'cookie',
  '*.password',
  '*.userpassword',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.subject_token',
  '*.actor_token',
  '*.code_verifier',
  '*.tokenId',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-openam-password"]',
  'req.headers.iplanetdirectorypro',
];

export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACT, censor: '[redacted]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/**
 * Nest's logger interface over pino, so framework messages are structured too. Nest keeps one
 * logger per process, so its lines carry `nest` rather than a service name; its routine
 * start-up chatter (module and route listings) is debug level.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol.for('mandate.logger');
export type { Logger };
