import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ProviderAdminReadRequest,
  type ProviderAdminReplaceRequest,
  Subjects,
  providerAdminReadRequestSchema,
  providerAdminReplaceRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { ProviderSettingsService } from './provider-settings.service';

const { adminProviderRead, adminProviderReplace } = Subjects.registration;

@Controller()
@UseInterceptors(AdminChangeAudit)
export class ProviderAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly provider: ProviderSettingsService,
  ) {}

  @MessagePattern(adminProviderRead)
  async read(@Payload(new ContractPipe(adminProviderRead, providerAdminReadRequestSchema)) request: ProviderAdminReadRequest) {
    return this.provider.read(await this.access.require(request.tokenId, request.realm));
  }

  @MessagePattern(adminProviderReplace)
  @AdminChange('replace', () => 'realm-config/services/oauth-oidc')
  async replace(@Payload(new ContractPipe(adminProviderReplace, providerAdminReplaceRequestSchema)) request: ProviderAdminReplaceRequest) {
    return this.provider.replace(await this.access.require(request.tokenId, request.realm), request.body);
  }
}
