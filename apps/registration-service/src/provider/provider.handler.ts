import { Controller } from '@nestjs/common';
import { Messages, type ProviderGetRequest, type ProviderSettings } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { ProviderSettingsService } from './provider-settings.service';

@Controller()
export class ProviderHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly provider: ProviderSettingsService,
  ) {}

  @Handles(Messages.registration.providerGet)
  async get(request: ProviderGetRequest): Promise<ProviderSettings> {
    return this.provider.effective(await this.realms.resolve(request.realm));
  }
}
