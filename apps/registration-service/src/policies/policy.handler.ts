import { Controller } from '@nestjs/common';
import { type ApplicationPolicyView, Messages, type PolicyGetRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { ApplicationPolicyService } from './application-policy.service';

@Controller()
export class PolicyHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly policies: ApplicationPolicyService,
  ) {}

  @Handles(Messages.registration.policyGet)
  async get(r: PolicyGetRequest): Promise<ApplicationPolicyView | null> {
    return this.policies.view(await this.realms.resolve(r.realm), r.agentId, r.audience);
  }
}
