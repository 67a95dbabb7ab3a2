import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditRecorder, SessionClient, adminChange } from '@mandate/platform';
import { type Observable, mergeMap } from 'rxjs';
import { isReplay } from '../idempotency/idempotent-replies';

type Operation = 'create' | 'replace' | 'delete' | 'put';
interface AdminChangeSpec {
  operation: Operation;
  /** The changed resource's path under the realm, from the request and the answer. */
  resource: (request: Record<string, unknown>, reply: Record<string, unknown>) => string;
}
const ADMIN_CHANGE = Symbol.for('mandate.audit.admin-change');

/**
 * Marks an admin write handler: once it has answered, one `admin_change` audit event names the
 * administrator, the resource and the operation (`put`: create or replace, as the answer says).
 * Never the body: it may carry a client secret.
 */
export const AdminChange = (operation: Operation, resource: AdminChangeSpec['resource']) => SetMetadata(ADMIN_CHANGE, { operation, resource } satisfies AdminChangeSpec);

/** Records the admin changes of the handlers marked with `@AdminChange` (issue 20 item 1). */
@Injectable()
export class AdminChangeAudit implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionClient,
    private readonly audit: AuditRecorder,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AdminChangeSpec | undefined>(ADMIN_CHANGE, context.getHandler());
    if (!spec) return next.handle();
    const request = (context.switchToRpc().getData() ?? {}) as Record<string, unknown>;
    return next.handle().pipe(
      mergeMap(async (reply: unknown) => {
        await this.recordChange(spec, request, reply);
        return reply;
      }),
    );
  }

  async recordChange(spec: AdminChangeSpec, request: Record<string, unknown>, reply: unknown): Promise<void> {
    const answer = (reply ?? {}) as Record<string, unknown>;
    // A retry answered with the first answer (Idempotency-Key) changed nothing: the first was audited.
    if (isReplay(answer)) return;
    const session = await this.sessions.validate(typeof request.tokenId === 'string' ? request.tokenId : undefined);
    if (!session || typeof request.realm !== 'string') return;
    const operation = spec.operation === 'put' ? (answer.created === true ? 'create' : 'replace') : spec.operation;
    const resource = (answer.resource ?? answer) as Record<string, unknown>;
    await this.audit.record(adminChange(request.realm, session.userId, operation, spec.resource(request, resource)));
  }
}
