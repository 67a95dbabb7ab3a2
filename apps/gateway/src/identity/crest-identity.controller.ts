import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Post, Put, Query, Res, type Type } from '@nestjs/common';
import { Messages } from '@mandate/contracts';
import { CrestError, parseQueryFilter } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import type { FastifyReply } from 'fastify';
import { RealmPath } from '../http/realm.decorator';
import { SsoToken } from '../http/sso-token.decorator';

type IdentityMessages = typeof Messages.authn.users | typeof Messages.authn.groups;

/**
 * am-spec §14: AM's CREST verbs over one identity collection (`json/users`, `json/groups`).
 * Parses the request and forwards it with the caller's SSO token; authn-service decides.
 */
export function crestIdentityController(collection: string, subjects: IdentityMessages): Type<unknown> {
  @Controller(`json/${collection}`)
  class CrestIdentityController {
    constructor(readonly rpc: RpcClient) {}

    /** `POST ?_action=create` → 201 with the resource; a taken name → 409. */
    @Post()
    @HttpCode(201)
    @Header('Cache-Control', 'no-store')
    create(@Query('_action') action: string | undefined, @RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Body() body: unknown) {
      if (action !== 'create') throw new CrestError(501, `Action ${action ?? '(none)'} not supported`);
      return this.rpc.request(subjects.create, { realm, tokenId, body: objectBody(body) });
    }

    /** `GET ?_queryFilter=...` (`_queryId=*` too). */
    @Get()
    @Header('Cache-Control', 'no-store')
    query(
      @Query('_queryFilter') queryFilter: string | undefined,
      @Query('_queryId') queryId: string | undefined,
      @RealmPath() realm: string,
      @SsoToken() tokenId: string | undefined,
    ) {
      const expression = queryFilter ?? (queryId === '*' ? 'true' : undefined);
      if (typeof expression !== 'string') throw CrestError.badRequest('_queryFilter is required');
      return this.rpc.request(subjects.query, { realm, tokenId, filter: parseQueryFilter(expression) });
    }

    @Get(':id')
    @Header('Cache-Control', 'no-store')
    read(@Param('id') id: string, @RealmPath() realm: string, @SsoToken() tokenId: string | undefined) {
      return this.rpc.request(subjects.read, { realm, tokenId, id });
    }

    /** `PUT` replaces (`If-Match`: `*` or a `_rev`); with `If-None-Match: *` it creates (201). */
    @Put(':id')
    @Header('Cache-Control', 'no-store')
    async replace(
      @Param('id') id: string,
      @RealmPath() realm: string,
      @SsoToken() tokenId: string | undefined,
      @Headers('if-match') ifMatch: string | undefined,
      @Headers('if-none-match') ifNoneMatch: string | undefined,
      @Body() body: unknown,
      @Res({ passthrough: true }) reply: FastifyReply,
    ) {
      if (ifNoneMatch?.trim() === '*') {
        const created = await this.rpc.request(subjects.create, { realm, tokenId, id, body: objectBody(body) });
        reply.status(201);
        return created;
      }
      return this.rpc.request(subjects.replace, { realm, tokenId, id, ifMatch, body: objectBody(body) });
    }

    /** `DELETE` answers the deleted resource. */
    @Delete(':id')
    @Header('Cache-Control', 'no-store')
    delete(@Param('id') id: string, @RealmPath() realm: string, @SsoToken() tokenId: string | undefined, @Headers('if-match') ifMatch: string | undefined) {
      return this.rpc.request(subjects.delete, { realm, tokenId, id, ifMatch });
    }
  }
  Object.defineProperty(CrestIdentityController, 'name', { value: `${collection[0].toUpperCase()}${collection.slice(1)}Controller` });
  return CrestIdentityController;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw CrestError.badRequest('The request body must be a JSON object');
  return body as Record<string, unknown>;
}
