import { Controller } from '@nestjs/common';
import { Messages, type PolicyAdminDeleteRequest, type PolicyAdminPutRequest, type PolicyAdminQueryRequest, type PolicyAdminReadRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminAccess } from '../admin/admin-access';
import { ApplicationPolicyService } from './application-policy.service';

const { adminPolicyRead, adminPolicyPut, adminPolicyDelete, adminPolicyQuery } = Messages.registration;

/** `realm-config/agents/AIAgent/{agentId}/applications[/{applicationId}]`. */
@Controller()
export class PolicyAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly policies: ApplicationPolicyService,
  ) {}

  @Handles(adminPolicyRead)
  async read(r: PolicyAdminReadRequest) {
    return this.policies.read(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId);
  }

  @Handles(adminPolicyPut)
  async put(r: PolicyAdminPutRequest) {
    return this.policies.put(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId, r.body, r.createOnly);
  }

  @Handles(adminPolicyDelete)
  async remove(r: PolicyAdminDeleteRequest) {
    return this.policies.remove(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId);
  }

  @Handles(adminPolicyQuery)
  async query(r: PolicyAdminQueryRequest) {
    return this.policies.query(await this.access.require(r.tokenId, r.realm), r.agentId, r.filter);
  }
}
