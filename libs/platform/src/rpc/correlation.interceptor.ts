import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { CORRELATION_HEADER } from '@mandate/contracts';
import { Observable } from 'rxjs';
import { withCorrelationId } from '../logging/correlation';

/** Runs each received message inside the correlation id its sender put in the NATS headers. */
@Injectable()
export class RpcCorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc().getContext<NatsContext>();
    const id = rpc?.getHeaders?.()?.get?.(CORRELATION_HEADER) as string | undefined;
    return new Observable((subscriber) => withCorrelationId(id || undefined, () => next.handle().subscribe(subscriber)));
  }
}
