import { Controller } from '@nestjs/common';
import { type AuditQueryReply, type AuditQueryRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AuditQueryService } from './audit-query.service';

/** `GET json/.../audit` (gateway → here). */
@Controller()
export class AuditQueryHandler {
  constructor(private readonly audit: AuditQueryService) {}

  @Handles(Messages.introspection.auditQuery)
  query(request: AuditQueryRequest): Promise<AuditQueryReply> {
    return this.audit.query(request);
  }
}
