import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AuditQueryReply, type AuditQueryRequest, Subjects, auditQueryRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { AuditQueryService } from './audit-query.service';

/** `GET json/.../audit` (gateway → here). */
@Controller()
export class AuditQueryHandler {
  constructor(private readonly audit: AuditQueryService) {}

  @MessagePattern(Subjects.introspection.auditQuery)
  query(@Payload(new ContractPipe(Subjects.introspection.auditQuery, auditQueryRequestSchema)) request: AuditQueryRequest): Promise<AuditQueryReply> {
    return this.audit.query(request);
  }
}
