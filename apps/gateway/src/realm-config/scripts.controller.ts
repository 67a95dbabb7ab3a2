import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import type { FastifyReply } from 'fastify';
import { idempotencyKeyMember } from '../http/idempotency-key';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';
import { parseQueryFilter } from './crest-query-filter.parser';
import { createOnly, jsonObject } from './crest-request';

/** `json/.../scripts` (am-spec §12.3). */
@Controller('json/scripts')
export class ScriptsController {
  constructor(private readonly rpc: RpcClient) {}

  /** `POST ?_action=create` → 201 with the new `_id`; a retry with the same `Idempotency-Key` answers the first script. */
  @Post()
  @HttpCode(201)
  create(
    @RealmPath() realm: string,
    @SsoToken() tokenId: string | undefined,
    @Query('_action') action: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
  ) {
    if (action !== 'create') throw CrestError.badRequest(`Action ${action ?? '(none)'} not supported on scripts`);
    return this.rpc.request(Messages.registration.adminScriptCreate, { realm, tokenId, body: jsonObject(body), ...idempotencyKeyMember(idempotencyKey, CrestError.badRequest) });
  }

  @Get()
  query(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Query('_queryFilter') filter?: string) {
    return this.rpc.request(Messages.registration.adminScriptQuery, { realm, tokenId, filter: parseQueryFilter(filter) });
  }

  @Get(':id')
  read(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('id') id: string) {
    return this.rpc.request(Messages.registration.adminScriptRead, { realm, tokenId, id });
  }

  @Put(':id')
  async put(
    @RealmPath() realm: string,
    @SsoToken() tokenId: string | undefined,
    @Param('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = { realm, tokenId, id, body: jsonObject(body), createOnly: createOnly(ifNoneMatch) };
    const { created, resource } = await this.rpc.request(Messages.registration.adminScriptPut, request);
    reply.status(created ? 201 : 200);
    return resource;
  }

  /** AM answers `{}`. */
  @Delete(':id')
  remove(@RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Param('id') id: string) {
    return this.rpc.request(Messages.registration.adminScriptDelete, { realm, tokenId, id });
  }
}
