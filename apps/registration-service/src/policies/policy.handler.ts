import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type ApplicationPolicyView, type PolicyGetRequest, Subjects, policyGetRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { ApplicationPolicyService } from './application-policy.service';

@Controller()
export class PolicyHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly policies: ApplicationPolicyService,
  ) {}

  @MessagePattern(Subjects.registration.policyGet)
  async get(@Payload(new ContractPipe(Subjects.registration.policyGet, policyGetRequestSchema)) r: PolicyGetRequest): Promise<ApplicationPolicyView | null> {
    return this.policies.view(await this.realms.resolve(r.realm), r.agentId, r.audience);
  }
}
