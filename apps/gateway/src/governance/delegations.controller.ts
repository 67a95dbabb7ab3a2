import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';
import { type CrestPagingParams, parseCrestPaging } from '../http/crest-paging';

/**
 * Delegation governance at the edge (issue 20), served by token-service, which owns grants and
 * their lineage and decides who may see or revoke them.
 */
@Controller('json')
export class DelegationsController {
  constructor(private readonly rpc: RpcClient) {}

  /** The tree of grants exchanged from this grant. */
  @Get('delegations/:authGrantId')
  @Header('Cache-Control', 'no-store')
  read(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('authGrantId') authGrantId: string) {
    return this.rpc.request(Messages.token.delegationRead, { realm, tokenId, authGrantId });
  }

  /** Revokes the grant and every descendant; answers the tree, now revoked. */
  @Delete('delegations/:authGrantId')
  @Header('Cache-Control', 'no-store')
  revoke(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('authGrantId') authGrantId: string) {
    return this.rpc.request(Messages.token.delegationRevoke, { realm, tokenId, authGrantId });
  }

  /** The active delegated grants whose subject is this user. */
  @Get('users/:id/delegations')
  @Header('Cache-Control', 'no-store')
  ofUser(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('id') username: string, @Query() paging: CrestPagingParams) {
    return this.rpc.request(Messages.token.userDelegations, { realm, tokenId, username, ...parseCrestPaging(paging, 1000) });
  }

  /** `?_action=revokeTokens` (amadmin): every token whose subject is this user, and their descendants. */
  @Post('users/:id')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  userAction(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('id') username: string, @Query('_action') action: string | undefined) {
    if (action !== 'revokeTokens') throw new CrestError(501, `Action ${action ?? '(none)'} not supported`);
    return this.rpc.request(Messages.token.userRevokeTokens, { realm, tokenId, username });
  }

  /** The active grants whose act chain names this AI agent (amadmin or an owner of the agent). */
  @Get('realm-config/agents/AIAgent/:agentId/delegations')
  @Header('Cache-Control', 'no-store')
  ofAgent(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('agentId') agentId: string, @Query() paging: CrestPagingParams) {
    return this.rpc.request(Messages.token.agentDelegations, { realm, tokenId, agentId, ...parseCrestPaging(paging, 1000) });
  }
}
