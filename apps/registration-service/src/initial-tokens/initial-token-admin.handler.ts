import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type InitialTokenAdminCreateRequest,
  type InitialTokenAdminDeleteRequest,
  type InitialTokenAdminQueryRequest,
  Subjects,
  initialTokenAdminCreateRequestSchema,
  initialTokenAdminDeleteRequestSchema,
  initialTokenAdminQueryRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { InitialAccessTokens } from './initial-access-token.service';

const { adminInitialTokenCreate, adminInitialTokenQuery, adminInitialTokenDelete } = Subjects.registration;

/** `realm-config/services/oauth-oidc/initialAccessTokens` (amadmin only). */
@Controller()
@UseInterceptors(AdminChangeAudit)
export class InitialTokenAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly tokens: InitialAccessTokens,
  ) {}

  @MessagePattern(adminInitialTokenCreate)
  @AdminChange('create', (_r, answer) => `realm-config/services/oauth-oidc/initialAccessTokens/${answer._id}`)
  async create(@Payload(new ContractPipe(adminInitialTokenCreate, initialTokenAdminCreateRequestSchema)) r: InitialTokenAdminCreateRequest) {
    return this.tokens.create(await this.access.require(r.tokenId, r.realm), r.body);
  }

  @MessagePattern(adminInitialTokenQuery)
  async query(@Payload(new ContractPipe(adminInitialTokenQuery, initialTokenAdminQueryRequestSchema)) r: InitialTokenAdminQueryRequest) {
    return this.tokens.query(await this.access.require(r.tokenId, r.realm));
  }

  @MessagePattern(adminInitialTokenDelete)
  @AdminChange('delete', (r) => `realm-config/services/oauth-oidc/initialAccessTokens/${r.id}`)
  async remove(@Payload(new ContractPipe(adminInitialTokenDelete, initialTokenAdminDeleteRequestSchema)) r: InitialTokenAdminDeleteRequest) {
    return this.tokens.remove(await this.access.require(r.tokenId, r.realm), r.id);
  }
}
