import { Controller, UseInterceptors } from '@nestjs/common';
import { type InitialTokenAdminCreateRequest, type InitialTokenAdminDeleteRequest, type InitialTokenAdminQueryRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { InitialAccessTokens } from './initial-access-token.service';

const { adminInitialTokenCreate, adminInitialTokenQuery, adminInitialTokenDelete } = Messages.registration;

/** `realm-config/services/oauth-oidc/initialAccessTokens` (amadmin only). */
@Controller()
@UseInterceptors(AdminChangeAudit)
export class InitialTokenAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly tokens: InitialAccessTokens,
  ) {}

  @Handles(adminInitialTokenCreate)
  @AdminChange('create', (_r, answer) => `realm-config/services/oauth-oidc/initialAccessTokens/${answer._id}`)
  async create(r: InitialTokenAdminCreateRequest) {
    return this.tokens.create(await this.access.require(r.tokenId, r.realm), r.body, r.idempotencyKey);
  }

  @Handles(adminInitialTokenQuery)
  async query(r: InitialTokenAdminQueryRequest) {
    return this.tokens.query(await this.access.require(r.tokenId, r.realm));
  }

  @Handles(adminInitialTokenDelete)
  @AdminChange('delete', (r) => `realm-config/services/oauth-oidc/initialAccessTokens/${r.id}`)
  async remove(r: InitialTokenAdminDeleteRequest) {
    return this.tokens.remove(await this.access.require(r.tokenId, r.realm), r.id);
  }
}
