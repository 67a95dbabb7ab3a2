import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { CORRELATION_HEADER, ContractViolation, DEADLINE_HEADER, type ReplyOf, type RequestMessage, type SentBy, isErrorEnvelope, parseMessage } from '@mandate/contracts';
import { fromErrorEnvelope } from '@mandate/oauth';
import type { Tracer } from '@opentelemetry/api';
import { headers as natsHeaders } from 'nats';
import { currentCorrelationId, remainingBudgetMs } from '../logging/correlation';
import { LOGGER, type Logger } from '../logging/logger';
import { transportConfig, type TransportConfig } from '../config/slices';
import { MandateMetrics, secondsSince } from '../metrics/mandate-metrics';
import { errorOutcome } from '../metrics/outcome';
import { endRpcSpan, startRpcClientSpan } from '../tracing/spans';
import { appTracer } from '../tracing/tracing';
import { ConnectionLostError, ReplyTimeoutError } from '../transport/await-reply';
import { ResponderLostError } from '../transport/held-probes';
import type { RpcTransport } from '../transport/transport';
import { SERVICE_NAME } from '../bootstrap/service-name';


export const RPC_TRANSPORT_CLIENT = Symbol.for('mandate.rpc.transport-client');

/** A service could not be reached in time (down, no responders, or too slow). */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly subject: string,
    readonly why: 'no-responders' | 'timeout' | 'connection-lost' | 'responder-lost' | 'transport',
  ) {
    super(`${subject}: ${why}`);
    this.name = 'ServiceUnavailableError';
  }
}

/**
 * Request/reply to another service over the configured transport, typed by the message's
 * definition. Checks the payload against the request schema before it leaves (a violation
 * answers what the server would have: the contract-violation envelope), adds the correlation
 * id header, bounds the wait (by RPC_TIMEOUT_MS, and within a request received over the bus by
 * what its caller will still wait, which the callee is told in turn), validates the reply against its contract, and turns an error
 * envelope back into the typed error it was.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  constructor(
    @Inject(RPC_TRANSPORT_CLIENT) private readonly client: RpcTransport,
    @Inject(transportConfig.token) private readonly config: TransportConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly metrics?: MandateMetrics,
    @Optional() @Inject(SERVICE_NAME) private readonly service = 'mandate',
  ) {
    this.tracer = appTracer(service);
  }

  /** Set when tracing is on; otherwise a request does no span work at all. */
  private readonly tracer: Tracer | undefined;

  async request<M extends RequestMessage>(message: M, payload: SentBy<M>): Promise<ReplyOf<M>> {
    const { subject } = message;
    // The payload goes as given: the server parses it again, and zod's parse strips unknown keys.
    try {
      parseMessage(subject, message.request, payload);
    } catch (violation) {
      if (violation instanceof ContractViolation) {
        this.logger.error({ subject, issues: violation.issues }, 'refused to send a message that violates its contract');
        throw fromErrorEnvelope(violation.toEnvelope());
      }
      throw violation;
    }
    const budget = remainingBudgetMs();
    const timeoutMs = budget === undefined ? this.config.RPC_TIMEOUT_MS : Math.min(this.config.RPC_TIMEOUT_MS, Math.floor(budget));
    if (timeoutMs <= 0) {
      // The request this call serves has been given up by its own caller: nobody waits for the answer.
      this.metrics?.rpcCalled(subject, 'unavailable', 0);
      throw new ServiceUnavailableError(subject, 'timeout');
    }
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    headers.set(DEADLINE_HEADER, String(timeoutMs));
    // W3C trace context next to the correlation id: the receiver's span becomes a child of this one.
    const span = this.tracer === undefined ? undefined : startRpcClientSpan(this.tracer, this.service, subject, headers);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    let reply: unknown;
    const start = process.hrtime.bigint();
    try {
      reply = await this.client.request(subject, record, timeoutMs);
    } catch (error) {
      const translated = this.translate(subject, error);
      const outcome = translated instanceof ServiceUnavailableError ? 'unavailable' : errorOutcome(translated);
      this.metrics?.rpcCalled(subject, outcome, secondsSince(start));
      if (span) endRpcSpan(span, outcome);
      throw translated;
    }
    this.metrics?.rpcCalled(subject, 'ok', secondsSince(start));
    if (span) endRpcSpan(span, 'ok');
    return parseMessage(`${subject} (reply)`, message.reply, reply) as ReplyOf<M>;
  }

  private translate(subject: string, error: unknown): Error {
    if (isErrorEnvelope(error)) return fromErrorEnvelope(error);
    if (error instanceof ReplyTimeoutError) return new ServiceUnavailableError(subject, 'timeout');
    if (error instanceof ResponderLostError) return new ServiceUnavailableError(subject, 'responder-lost');
    // Lost while the request waited, or already lost when it was to be sent (Nest's client then
    // rejects its connect with this sentence): an outage of the bus, not a fault to log per call.
    if (error instanceof ConnectionLostError || (typeof error === 'string' && /connection lost/i.test(error))) {
      return new ServiceUnavailableError(subject, 'connection-lost');
    }
    const name = (error as Error | undefined)?.constructor?.name;
    const message = String((error as Error | undefined)?.message ?? error);
    // NATS answers a request nobody listens to with an empty 503 reply, which Nest surfaces
    // as EmptyResponseException; the in-process bus says "no responders".
    if (name === 'EmptyResponseException' || /no responders|503/i.test(message)) {
      return new ServiceUnavailableError(subject, 'no-responders');
    }
    this.logger.error({ subject, err: error }, 'unexpected transport error');
    return new ServiceUnavailableError(subject, 'transport');
  }

  async onApplicationShutdown() {
    await this.client.close();
  }
}
