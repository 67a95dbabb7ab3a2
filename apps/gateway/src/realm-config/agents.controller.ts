import { Body, Controller, Delete, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';
import type { FastifyReply } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';
import { parseQueryFilter } from './crest-query-filter.parser';
import { agentType, createOnly, jsonObject } from './crest-request';

/**
 * `json/.../realm-config/agents/{OAuth2Client|AIAgent}[/{id}]` (am-spec §13.1-13.2) and an AI
 * agent's application policies (`.../AIAgent/{id}/applications[/{appClientId}]`, contract §1).
 */
@Controller('json/realm-config/agents')
export class AgentsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':type')
  query(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('type') type: string, @Query('_queryFilter') filter?: string) {
    const request = { realm, tokenId, type: agentType(type), filter: parseQueryFilter(filter) };
    return this.rpc.request(Messages.registration.adminAgentQuery, request);
  }

  @Get(':type/:id')
  read(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('type') type: string, @Param('id') id: string) {
    return this.rpc.request(Messages.registration.adminAgentRead, { realm, tokenId, type: agentType(type), id });
  }

  /** Creates (201) or replaces (200); `If-None-Match: *` creates only (412 when it exists). */
  @Put(':type/:id')
  async put(
    @RealmPath() realm: string,
    @SsoToken() tokenId: string | undefined,
    @Param('type') type: string,
    @Param('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = { realm, tokenId, type: agentType(type), id, body: jsonObject(body), createOnly: createOnly(ifNoneMatch) };
    const { created, resource } = await this.rpc.request(Messages.registration.adminAgentPut, request);
    reply.status(created ? 201 : 200);
    return resource;
  }

  @Delete(':type/:id')
  remove(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('type') type: string, @Param('id') id: string) {
    return this.rpc.request(Messages.registration.adminAgentDelete, { realm, tokenId, type: agentType(type), id });
  }

  @Get('AIAgent/:agentId/applications')
  queryPolicies(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('agentId') agentId: string, @Query('_queryFilter') filter?: string) {
    return this.rpc.request(Messages.registration.adminPolicyQuery, { realm, tokenId, agentId, filter: parseQueryFilter(filter) });
  }

  @Get('AIAgent/:agentId/applications/:applicationId')
  readPolicy(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('agentId') agentId: string, @Param('applicationId') applicationId: string) {
    return this.rpc.request(Messages.registration.adminPolicyRead, { realm, tokenId, agentId, applicationId });
  }

  @Put('AIAgent/:agentId/applications/:applicationId')
  async putPolicy(
    @RealmPath() realm: string,
    @SsoToken() tokenId: string | undefined,
    @Param('agentId') agentId: string,
    @Param('applicationId') applicationId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = { realm, tokenId, agentId, applicationId, body: jsonObject(body), createOnly: createOnly(ifNoneMatch) };
    const { created, resource } = await this.rpc.request(Messages.registration.adminPolicyPut, request);
    reply.status(created ? 201 : 200);
    return resource;
  }

  @Delete('AIAgent/:agentId/applications/:applicationId')
  removePolicy(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('agentId') agentId: string, @Param('applicationId') applicationId: string) {
    return this.rpc.request(Messages.registration.adminPolicyDelete, { realm, tokenId, agentId, applicationId });
  }
}
