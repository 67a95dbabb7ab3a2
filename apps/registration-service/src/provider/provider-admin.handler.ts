import { Controller, UseInterceptors } from '@nestjs/common';
import { type ProviderAdminReadRequest, type ProviderAdminReplaceRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { ProviderSettingsService } from './provider-settings.service';

const { adminProviderRead, adminProviderReplace } = Messages.registration;

@Controller()
@UseInterceptors(AdminChangeAudit)
export class ProviderAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly provider: ProviderSettingsService,
  ) {}

  @Handles(adminProviderRead)
  async read(request: ProviderAdminReadRequest) {
    return this.provider.read(await this.access.require(request.tokenId, request.realm));
  }

  @Handles(adminProviderReplace)
  @AdminChange('replace', () => 'realm-config/services/oauth-oidc')
  async replace(request: ProviderAdminReplaceRequest) {
    return this.provider.replace(await this.access.require(request.tokenId, request.realm), request.body);
  }
}
