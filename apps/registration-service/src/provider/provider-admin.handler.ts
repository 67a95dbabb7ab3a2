import { Controller } from '@nestjs/common';
import { Messages, type ProviderAdminReadRequest, type ProviderAdminReplaceRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminAccess } from '../admin/admin-access';
import { ProviderSettingsService } from './provider-settings.service';

const { adminProviderRead, adminProviderReplace } = Messages.registration;

@Controller()
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
  async replace(request: ProviderAdminReplaceRequest) {
    return this.provider.replace(await this.access.require(request.tokenId, request.realm), request.body);
  }
}
