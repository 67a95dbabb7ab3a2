import { Controller, UseInterceptors } from '@nestjs/common';
import { type PolicyAdminDeleteRequest, type PolicyAdminPutRequest, type PolicyAdminQueryRequest, type PolicyAdminReadRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { ApplicationPolicyService } from './application-policy.service';

const { adminPolicyRead, adminPolicyPut, adminPolicyDelete, adminPolicyQuery } = Messages.registration;

/** `realm-config/agents/AIAgent/{agentId}/applications[/{applicationId}]`. */
@Controller()
@UseInterceptors(AdminChangeAudit)
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
  @AdminChange('put', (r) => `realm-config/agents/AIAgent/${r.agentId}/applications/${r.applicationId}`)
  async put(r: PolicyAdminPutRequest) {
    return this.policies.put(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId, r.body, r.createOnly);
  }

  @Handles(adminPolicyDelete)
  @AdminChange('delete', (r) => `realm-config/agents/AIAgent/${r.agentId}/applications/${r.applicationId}`)
  async remove(r: PolicyAdminDeleteRequest) {
    return this.policies.remove(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId);
  }

  @Handles(adminPolicyQuery)
  async query(r: PolicyAdminQueryRequest) {
    return this.policies.query(await this.access.require(r.tokenId, r.realm), r.agentId, r.filter);
  }
}
