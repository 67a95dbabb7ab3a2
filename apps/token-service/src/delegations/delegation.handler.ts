import { Controller } from '@nestjs/common';
import { type AgentDelegationsRequest, type DelegationTreeRequest, Messages, type UserDelegationsRequest, type UserRevokeTokensRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { DelegationService } from './delegation.service';

const { delegationRead, delegationRevoke, userDelegations, agentDelegations, userRevokeTokens } = Messages.token;

/** Delegation governance over NATS (gateway → token-service), issue 20. */
@Controller()
export class DelegationHandler {
  constructor(private readonly delegations: DelegationService) {}

  @Handles(delegationRead)
  read(r: DelegationTreeRequest) {
    return this.delegations.tree(r.realm, r.tokenId, r.authGrantId);
  }

  @Handles(delegationRevoke)
  revoke(r: DelegationTreeRequest) {
    return this.delegations.revoke(r.realm, r.tokenId, r.authGrantId);
  }

  @Handles(userDelegations)
  ofUser(r: UserDelegationsRequest) {
    return this.delegations.ofUser(r.realm, r.tokenId, r.username, r);
  }

  @Handles(agentDelegations)
  ofAgent(r: AgentDelegationsRequest) {
    return this.delegations.ofAgent(r.realm, r.tokenId, r.agentId, r);
  }

  @Handles(userRevokeTokens)
  revokeUser(r: UserRevokeTokensRequest) {
    return this.delegations.revokeUser(r.realm, r.tokenId, r.username);
  }
}
