import { Controller, Get, Param, Query } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';
import { parseAuditQuery } from './audit-query.parser';

type AuditParams = Parameters<typeof parseAuditQuery>[0];

/** The audit trail (issue 20), answered by introspection-service. */
@Controller('json')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  /** `GET json/.../audit`: the realm's whole trail, amadmin only. */
  @Get('audit')
  query(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Query() params: AuditParams) {
    return this.rpc.request(Messages.introspection.auditQuery, { realm, tokenId, ...parseAuditQuery(params) });
  }

  /** `GET json/.../realm-config/agents/AIAgent/{agentId}/audit`: the events an AI agent took part in, for amadmin and its owners. */
  @Get('realm-config/agents/AIAgent/:agentId/audit')
  ofAgent(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('agentId') agentId: string, @Query() params: AuditParams) {
    return this.rpc.request(Messages.introspection.auditQuery, { realm, tokenId, agentId, ...parseAuditQuery({ _queryFilter: 'true', ...params }) });
  }
}
