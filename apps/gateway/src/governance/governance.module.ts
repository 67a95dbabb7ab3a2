import { Module } from '@nestjs/common';
import { DelegationsController } from './delegations.controller';

/** Delegation governance: lineage, revocation, a user's and an agent's delegations (owner: token-service). */
@Module({ controllers: [DelegationsController] })
export class GovernanceModule {}
