import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AuditRecordReply, type AuditRecordRequest, Subjects, auditRecordRequestSchema } from '@mandate/contracts';
import { AUDIT_EVENT_STORE, type AuditEventStore } from '@mandate/oauth';
import { ContractPipe } from '@mandate/platform';

/** `introspection.audit.record`: a producer's outbox batch, stored once per event id; the reply is the producer's ack. */
@Controller()
export class AuditRecordHandler {
  constructor(@Inject(AUDIT_EVENT_STORE) private readonly events: AuditEventStore) {}

  @MessagePattern(Subjects.introspection.auditRecord)
  async record(@Payload(new ContractPipe(Subjects.introspection.auditRecord, auditRecordRequestSchema)) request: AuditRecordRequest): Promise<AuditRecordReply> {
    return { inserted: await this.events.insert(request.events) };
  }
}
