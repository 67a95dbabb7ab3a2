import { Body, Controller, Delete, Get, Header, HttpCode, Post, Put, Query, Req } from '@nestjs/common';
import { type DcrEndpoint, Messages } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import type { FastifyRequest } from 'fastify';
import { idempotencyKeyMember } from '../http/idempotency-key';
import { RealmPath } from '../http/realm.decorator';
import { bearerToken, multiMap } from './bearer-token';

type QueryParams = Record<string, string | string[] | undefined>;

/**
 * Dynamic client registration (am-spec §11.1): `oauth2/.../register` creates OAuth2 clients,
 * `oauth2/.../aiagent/register` AI agents; `?client_id=` with the registration access token
 * reads, replaces or deletes one (RFC 7592). Served by registration-service. Answers carry
 * secrets: `Cache-Control: no-store` (RFC 7591 §3.2.1). A create with an `Idempotency-Key` may be
 * retried safely: the retry answers the first answer (issue 25 item 1).
 */
@Controller('oauth2')
export class DcrController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('register')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  register(@RealmPath() realm: string, @Req() req: FastifyRequest, @Body() body: unknown) {
    return this.create('register', realm, req, body);
  }

  @Post('aiagent/register')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  registerAgent(@RealmPath() realm: string, @Req() req: FastifyRequest, @Body() body: unknown) {
    return this.create('aiagent/register', realm, req, body);
  }

  @Get('register')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  read(@RealmPath() realm: string, @Req() req: FastifyRequest, @Query() query: QueryParams) {
    return this.rpc.request(Messages.registration.dcrRead, this.managed('register', realm, req, query));
  }

  @Get('aiagent/register')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  readAgent(@RealmPath() realm: string, @Req() req: FastifyRequest, @Query() query: QueryParams) {
    return this.rpc.request(Messages.registration.dcrRead, this.managed('aiagent/register', realm, req, query));
  }

  @Put('register')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  update(@RealmPath() realm: string, @Req() req: FastifyRequest, @Query() query: QueryParams, @Body() body: unknown) {
    return this.rpc.request(Messages.registration.dcrUpdate, { ...this.managed('register', realm, req, query), body });
  }

  @Put('aiagent/register')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  updateAgent(@RealmPath() realm: string, @Req() req: FastifyRequest, @Query() query: QueryParams, @Body() body: unknown) {
    return this.rpc.request(Messages.registration.dcrUpdate, { ...this.managed('aiagent/register', realm, req, query), body });
  }

  /** RFC 7592 §2.3: 204 No Content. */
  @Delete('register')
  @HttpCode(204)
  async remove(@RealmPath() realm: string, @Req() req: FastifyRequest, @Query() query: QueryParams): Promise<void> {
    await this.rpc.request(Messages.registration.dcrDelete, this.managed('register', realm, req, query));
  }

  @Delete('aiagent/register')
  @HttpCode(204)
  async removeAgent(@RealmPath() realm: string, @Req() req: FastifyRequest, @Query() query: QueryParams): Promise<void> {
    await this.rpc.request(Messages.registration.dcrDelete, this.managed('aiagent/register', realm, req, query));
  }

  /** RFC 7591 §3.2.1: 201 Created (Nest's default for POST). */
  private create(endpoint: DcrEndpoint, realm: string, req: FastifyRequest, body: unknown) {
    const idempotencyKey = idempotencyKeyMember(req.headers['idempotency-key'], (problem) => new InvalidRequestError(problem));
    const request = { ...this.common(endpoint, realm, req), params: multiMap(req.query as QueryParams), body, ...idempotencyKey };
    return this.rpc.request(Messages.registration.dcrRegister, request);
  }

  private managed(endpoint: DcrEndpoint, realm: string, req: FastifyRequest, query: QueryParams) {
    const clientId = query['client_id'];
    if (typeof clientId !== 'string' || clientId === '') throw new InvalidRequestError('Missing parameters: client_id');
    return { ...this.common(endpoint, realm, req), params: multiMap(query), clientId };
  }

  private common(endpoint: DcrEndpoint, realm: string, req: FastifyRequest) {
    const accessToken = bearerToken(req.headers.authorization);
    return { realm, endpoint, headers: multiMap(req.headers, true), ...(accessToken !== undefined && { accessToken }) };
  }
}
