import { Controller, Get, Query } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';
import { parseAuditQuery } from './audit-query.parser';

/** `GET json/.../audit` (issue 20 item 1): the audit trail, amadmin only, answered by introspection-service. */
@Controller('json/audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  query(
    @RealmPath() realm: string,
    @SsoToken() tokenId: string | undefined,
    @Query() params: { _queryFilter?: string; _pageSize?: string; _pagedResultsCookie?: string; _sortKeys?: string },
  ) {
    return this.rpc.request(Messages.introspection.auditQuery, { realm, tokenId, ...parseAuditQuery(params) });
  }
}
