import type { RegistrationConfigClient } from '@mandate/platform';
import { actorChain } from '../token-exchange/actor-chain.step';
import { ActorStatus } from '../token-exchange/actor-status';
import type { UserDirectory } from '../token-exchange/user-directory';
import { plainSubject } from '../issuance/token-subject';

/**
 * The kill switch of clients and AI agents (issue 20 item 3): a token is live only while the
 * client it was issued to, and every actor of its `act` chain (RFC 8693 §4.1), exists and is
 * Active. Read at every resolution from the configuration cache, which
 * `registration.config.changed` empties in every process the moment an agent is set Inactive or
 * deleted, so the switch takes effect everywhere at once, for opaque and signed tokens alike,
 * with no row to rewrite.
 */
export class PrincipalStatus {
  private readonly actors: ActorStatus;

  constructor(
    private readonly config: Pick<RegistrationConfigClient, 'client'>,
    users: Pick<UserDirectory, 'lookup'>,
  ) {
    this.actors = new ActorStatus(config, users);
  }

  /** Undefined when every principal of the token is fine, else why it is not. */
  async problem(realm: string, claims: Record<string, unknown>): Promise<string | undefined> {
    if (typeof claims.client_id === 'string') {
      const client = await this.config.client(realm, plainSubject(claims.client_id));
      if (!client) return `client ${claims.client_id} no longer exists`;
      if (client.status !== 'Active') return `client ${claims.client_id} is inactive`;
    }
    for (const actor of actorChain(claims.act)) {
      const problem = await this.actors.problem(realm, plainSubject(actor));
      if (problem) return problem;
    }
    return undefined;
  }
}
