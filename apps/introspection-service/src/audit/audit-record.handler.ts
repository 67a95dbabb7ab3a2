import { Controller, Inject } from '@nestjs/common';
import { type AuditRecordReply, type AuditRecordRequest, Messages } from '@mandate/contracts';
import { AUDIT_EVENT_STORE, type AuditEventStore } from '@mandate/oauth';
import { Handles } from '@mandate/platform';

/** `introspection.audit.record`: a producer's outbox batch, stored once per event id; the reply is the producer's ack. */
@Controller()
export class AuditRecordHandler {
  constructor(@Inject(AUDIT_EVENT_STORE) private readonly events: AuditEventStore) {}

  @Handles(Messages.introspection.auditRecord)
  async record(request: AuditRecordRequest): Promise<AuditRecordReply> {
    return { inserted: await this.events.insert(request.events) };
  }
}
