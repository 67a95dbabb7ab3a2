import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { type Observable, tap } from 'rxjs';
import { MandateMetrics, secondsSince } from './mandate-metrics';
import { errorOutcome } from './outcome';

/** Times each received message and counts it by subject and outcome (`ok` or the error code). */
@Injectable()
export class RpcMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MandateMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const subject = context.switchToRpc().getContext<NatsContext>()?.getSubject?.() ?? 'unknown';
    const start = process.hrtime.bigint();
    return next.handle().pipe(
      tap({
        complete: () => this.metrics.rpcHandledMessage(subject, 'ok', secondsSince(start)),
        error: (error: unknown) => this.metrics.rpcHandledMessage(subject, errorOutcome(error), secondsSince(start)),
      }),
    );
  }
}
