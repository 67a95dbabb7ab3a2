import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type PolicyAdminDeleteRequest,
  type PolicyAdminPutRequest,
  type PolicyAdminQueryRequest,
  type PolicyAdminReadRequest,
  Subjects,
  policyAdminDeleteRequestSchema,
  policyAdminPutRequestSchema,
  policyAdminQueryRequestSchema,
  policyAdminReadRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { ApplicationPolicyService } from './application-policy.service';

const { adminPolicyRead, adminPolicyPut, adminPolicyDelete, adminPolicyQuery } = Subjects.registration;

/** `realm-config/agents/AIAgent/{agentId}/applications[/{applicationId}]`. */
@Controller()
@UseInterceptors(AdminChangeAudit)
export class PolicyAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly policies: ApplicationPolicyService,
  ) {}

  @MessagePattern(adminPolicyRead)
  async read(@Payload(new ContractPipe(adminPolicyRead, policyAdminReadRequestSchema)) r: PolicyAdminReadRequest) {
    return this.policies.read(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId);
  }

  @MessagePattern(adminPolicyPut)
  @AdminChange('put', (r) => `realm-config/agents/AIAgent/${r.agentId}/applications/${r.applicationId}`)
  async put(@Payload(new ContractPipe(adminPolicyPut, policyAdminPutRequestSchema)) r: PolicyAdminPutRequest) {
    return this.policies.put(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId, r.body, r.createOnly);
  }

  @MessagePattern(adminPolicyDelete)
  @AdminChange('delete', (r) => `realm-config/agents/AIAgent/${r.agentId}/applications/${r.applicationId}`)
  async remove(@Payload(new ContractPipe(adminPolicyDelete, policyAdminDeleteRequestSchema)) r: PolicyAdminDeleteRequest) {
    return this.policies.remove(await this.access.require(r.tokenId, r.realm), r.agentId, r.applicationId);
  }

  @MessagePattern(adminPolicyQuery)
  async query(@Payload(new ContractPipe(adminPolicyQuery, policyAdminQueryRequestSchema)) r: PolicyAdminQueryRequest) {
    return this.policies.query(await this.access.require(r.tokenId, r.realm), r.agentId, r.filter);
  }
}
