import type { RegistrationConfigClient } from '@mandate/platform';
import type { UserDirectory } from './user-directory';

/**
 * Whether an actor (`act.sub`: a client id, or a user's `_id`) still exists and is enabled. A
 * delegated token must not outlive its actor's disablement or deletion (keycloak#52691):
 * exchanges check the new actor, refreshes of a delegated token every actor of its chain.
 * Answers the problem, or undefined when the actor is fine.
 */
export class ActorStatus {
  constructor(
    private readonly config: Pick<RegistrationConfigClient, 'client'>,
    private readonly users: Pick<UserDirectory, 'lookup'>,
  ) {}

  async problem(realm: string, actor: string): Promise<string | undefined> {
    const client = await this.config.client(realm, actor);
    if (client) return client.status === 'Active' ? undefined : `actor ${actor} is inactive`;
    const user = await this.users.lookup(realm, actor);
    if (user) return user.active ? undefined : `actor ${actor} is inactive`;
    return `actor ${actor} no longer exists in ${realm}`;
  }
}
