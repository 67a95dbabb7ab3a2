import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import type { NatsContext } from '@nestjs/microservices';
import { MandateError, TemporarilyUnavailableError, toErrorEnvelope } from '@mandate/oauth';
import { ContractViolation, type ErrorEnvelope } from '@mandate/contracts';
import { LOGGER, type Logger } from '../logging/logger';
import { isDependencyOutage } from './dependency-outage';

/**
 * The services' one RPC filter: every error leaves as an error envelope. Expected refusals
 * are logged with their log-only detail; a dependency outage (Postgres or a called service
 * unreachable) is `temporarily_unavailable` with Retry-After (the gateway writes it as the route's
 * 503, OAuth or CREST); anything else unexpected is logged with its cause and answered as `server_error`.
 */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorEnvelope> | void {
    if (host.getType() === 'http') return this.answerHttp(exception, host);
    const subject = host.switchToRpc().getContext<NatsContext>()?.getSubject?.();
    if (!(exception instanceof MandateError) && isDependencyOutage(exception)) {
      this.logger.warn({ subject, err: exception }, 'dependency unavailable');
      return throwError(() => new TemporarilyUnavailableError('A dependency of Mandate is unavailable; try again shortly').toEnvelope());
    }
    const envelope = toErrorEnvelope(exception);
    if (exception instanceof MandateError && envelope.status < 500) {
      this.logger.info({ subject, status: envelope.status, error: envelope.code, detail: exception.detail }, 'request refused');
    } else if (exception instanceof ContractViolation) {
      this.logger.error({ subject, issues: exception.issues }, 'message violates its contract');
    } else {
      this.logger.error({ subject, err: exception }, 'handler failed');
    }
    return throwError(() => envelope);
  }

  /** A service's own HTTP surface is its health probes: HttpExceptions keep their status and body. */
  private answerHttp(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
    if (exception instanceof HttpException) {
      reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    this.logger.error({ err: exception }, 'http handler failed');
    reply.status(500).send({ code: 500, reason: 'Internal Server Error', message: 'Internal Server Error' });
  }
}
