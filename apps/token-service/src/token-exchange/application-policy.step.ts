import { type ApplicationPolicyView, type ClientView, clientIdSchema } from '@mandate/contracts';
import type { RegistrationConfigClient } from '@mandate/platform';
import { plainSubject } from '../issuance/token-subject';
import { exchangeRefused } from './exchange-refusal';
import type { PresentedTokens } from './presented-tokens.step';
import type { UserDirectory } from './user-directory';

/**
 * The AIC path (contract §3.3, am-spec §5.9): an AI agent's application policies, selected by
 * the `audience` values (each the client id of a resource application). It applies only to AI
 * agents that accept audience parameters (am-spec §5.7: otherwise `audience` is ignored).
 */
export class ApplicationPolicyStep {
  constructor(
    private readonly config: Pick<RegistrationConfigClient, 'policy'>,
    private readonly users: Pick<UserDirectory, 'lookup'>,
  ) {}

  /** The policies the requested audiences select; none when the client is not an AI agent taking audiences. */
  async select(realm: string, client: ClientView, audiences: readonly string[]): Promise<ApplicationPolicyView[]> {
    if (client.agentType !== 'AIAgent' || !client.acceptAudienceParametersInTokenExchangeRequests) return [];
    const policies: ApplicationPolicyView[] = [];
    for (const audience of new Set(audiences)) {
      // Only a client id can name a resource application; anything else is refused by the audience step.
      if (!clientIdSchema.safeParse(audience).success) continue;
      const policy = await this.config.policy(realm, client.clientId, audience);
      if (policy) policies.push(policy);
    }
    return policies;
  }

  /**
   * am-spec §5.9 step 2: the subject is the agent itself (autonomous, seed 004), or a user listed
   * in every selected policy's subjects (username or user id) or a member of one of its subject
   * groups (seed 003). Empty subjects and groups admit only the agent itself. An actor token,
   * when one is sent, must be the agent's own: this path's actor is always the agent.
   */
  async authorise(realm: string, agentId: string, policies: readonly ApplicationPolicyView[], tokens: PresentedTokens): Promise<void> {
    if (tokens.actor && plainSubject(tokens.actor.sub) !== agentId) throw exchangeRefused(`actor ${tokens.actor.sub} is not the agent ${agentId}`);
    const subject = plainSubject(tokens.subject.sub);
    if (subject === agentId) return;
    const user = await this.users.lookup(realm, subject);
    if (!user) throw exchangeRefused(`subject ${subject} is neither the agent nor a user of ${realm}`);
    if (!user.active) throw exchangeRefused(`subject ${user.username} is inactive`);
    for (const policy of policies) {
      const listed = policy.subjects.includes(user.userId) || policy.subjects.includes(user.username);
      const inGroup = user.groups.some((group) => policy.subjectGroups.includes(group));
      if (!listed && !inGroup) throw exchangeRefused(`subject ${user.username} is not among the subjects of ${agentId}'s policy for ${policy.applicationId}`);
    }
  }
}
