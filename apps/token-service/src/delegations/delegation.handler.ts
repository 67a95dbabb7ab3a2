import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AgentDelegationsRequest,
  type DelegationTreeRequest,
  Subjects,
  type UserDelegationsRequest,
  type UserRevokeTokensRequest,
  agentDelegationsRequestSchema,
  delegationTreeRequestSchema,
  userDelegationsRequestSchema,
  userRevokeTokensRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { DelegationService } from './delegation.service';

const { delegationRead, delegationRevoke, userDelegations, agentDelegations, userRevokeTokens } = Subjects.token;

/** Delegation governance over NATS (gateway → token-service), issue 20. */
@Controller()
export class DelegationHandler {
  constructor(private readonly delegations: DelegationService) {}

  @MessagePattern(delegationRead)
  read(@Payload(new ContractPipe(delegationRead, delegationTreeRequestSchema)) r: DelegationTreeRequest) {
    return this.delegations.tree(r.realm, r.tokenId, r.authGrantId);
  }

  @MessagePattern(delegationRevoke)
  revoke(@Payload(new ContractPipe(delegationRevoke, delegationTreeRequestSchema)) r: DelegationTreeRequest) {
    return this.delegations.revoke(r.realm, r.tokenId, r.authGrantId);
  }

  @MessagePattern(userDelegations)
  ofUser(@Payload(new ContractPipe(userDelegations, userDelegationsRequestSchema)) r: UserDelegationsRequest) {
    return this.delegations.ofUser(r.realm, r.tokenId, r.username);
  }

  @MessagePattern(agentDelegations)
  ofAgent(@Payload(new ContractPipe(agentDelegations, agentDelegationsRequestSchema)) r: AgentDelegationsRequest) {
    return this.delegations.ofAgent(r.realm, r.tokenId, r.agentId);
  }

  @MessagePattern(userRevokeTokens)
  revokeUser(@Payload(new ContractPipe(userRevokeTokens, userRevokeTokensRequestSchema)) r: UserRevokeTokensRequest) {
    return this.delegations.revokeUser(r.realm, r.tokenId, r.username);
  }
}
