import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { withCorrelationId } from '@mandate/platform';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/** Runs the handler inside the request's correlation id, so RPC calls carry it onward in NATS headers. */
@Injectable()
export class HttpCorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return new Observable((subscriber) => withCorrelationId(request.correlationId || undefined, () => next.handle().subscribe(subscriber)));
  }
}
