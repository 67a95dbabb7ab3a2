import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { CrestError, InvalidRequestError, MandateError, OAuthError, ServerError, TemporarilyUnavailableError } from '@mandate/oauth';
import { LOGGER, type Logger, ServiceUnavailableError, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type RealmAwareRequest, basePath } from './realm-rewrite';
import { JsonTooDeepError } from './json-depth';

/**
 * The one place where errors meet the wire (STYLE habit 3). Under `/json` errors are CREST
 * `{code, reason, message}`; elsewhere OAuth `{error, error_description}`. Always
 * `Cache-Control: no-store`. Anything unexpected is a 500 `server_error`, logged with its cause.
 */
@Catch()
export class WireErrorFilter implements ExceptionFilter {
  private readonly jsonPrefix: string;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(issuerConfig.token) config: IssuerConfig,
  ) {
    this.jsonPrefix = `${basePath(config.AM_BASE_URL)}/json`;
  }

  catch(exception: unknown, host: ArgumentsHost) {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // Health probes answer terminus's own body ({status, info, error, details}) untouched.
    if (exception instanceof HttpException && request.url.startsWith('/health/')) {
      reply.status(exception.getStatus()).header('Cache-Control', 'no-store').send(exception.getResponse());
      return;
    }
    const crest = request.url.startsWith(`${this.jsonPrefix}/`) || request.url === this.jsonPrefix;
    const error = this.classify(exception, crest, request);
    reply
      .status(error.status)
      .header('Cache-Control', 'no-store')
      .header('Pragma', 'no-cache')
      .headers(error.headers)
      .type('application/json')
      .send(body(error));
  }

  private classify(exception: unknown, crest: boolean, request: FastifyRequest): MandateError {
    // A service's 503 names no route: it is written in the shape of the route it reached.
    if (exception instanceof MandateError && exception.status === 503 && (exception instanceof CrestError) !== crest) {
      return crest ? CrestError.unavailable(exception.description) : new TemporarilyUnavailableError(exception.description);
    }
    if (exception instanceof MandateError) return exception;
    if (exception instanceof JsonTooDeepError) return crest ? CrestError.badRequest(exception.message) : new InvalidRequestError(exception.message);
    const correlationId = request.correlationId;
    if (exception instanceof ServiceUnavailableError) {
      this.logger.warn({ correlationId, subject: exception.subject, why: exception.why }, 'service unavailable');
      const what = 'A Mandate service needed for this request is unavailable; try again shortly';
      return crest ? CrestError.unavailable(what) : new TemporarilyUnavailableError(what);
    }
    if (exception instanceof HttpException || isFastifyError(exception)) {
      const status = exception instanceof HttpException ? exception.getStatus() : exception.statusCode;
      if (status === 404) return CrestError.notFound((request.raw as RealmAwareRequest).mandateRealm === null ? 'Realm not found' : 'Not Found');
      if (status === 413) return crest ? new CrestError(413, 'Request body too large') : new OAuthError(413, 'invalid_request', 'Request body too large');
      if (status === 415) return crest ? new CrestError(415, 'Unsupported content type') : new InvalidRequestError('Invalid Content Type');
      if (status === 405) return new CrestError(405, 'Method not allowed');
      if (status >= 400 && status < 500) return crest ? CrestError.badRequest('Bad request') : new InvalidRequestError('The request is malformed');
    }
    this.logger.error({ correlationId, err: exception }, 'unexpected error');
    return crest ? CrestError.internal() : new ServerError();
  }
}

function body(error: MandateError) {
  if (error instanceof CrestError) {
    return error.publicDetail
      ? { code: error.status, reason: error.code, message: error.description, detail: error.publicDetail }
      : { code: error.status, reason: error.code, message: error.description };
  }
  return { error: error.code, error_description: error.description };
}

function isFastifyError(e: unknown): e is { statusCode: number; code: string } {
  return typeof e === 'object' && e !== null && typeof (e as { statusCode?: unknown }).statusCode === 'number' && typeof (e as { code?: unknown }).code === 'string';
}
