import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type ProviderGetRequest, type ProviderSettings, Subjects, providerGetRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { ProviderSettingsService } from './provider-settings.service';

@Controller()
export class ProviderHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly provider: ProviderSettingsService,
  ) {}

  @MessagePattern(Subjects.registration.providerGet)
  async get(@Payload(new ContractPipe(Subjects.registration.providerGet, providerGetRequestSchema)) request: ProviderGetRequest): Promise<ProviderSettings> {
    return this.provider.effective(await this.realms.resolve(request.realm));
  }
}
