import type { ActiveSession } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import type { RegistrationConfigClient, SessionClient } from '@mandate/platform';

/** Who asks, and on what grounds (issue 20): amadmin, the user themself, an owner of an AI agent. */
export class DelegationAccess {
  constructor(
    private readonly sessions: Pick<SessionClient, 'validate'>,
    private readonly config: Pick<RegistrationConfigClient, 'client'>,
  ) {}

  /** A live session, else 401 CREST. */
  async session(tokenId: string | undefined): Promise<ActiveSession> {
    const session = await this.sessions.validate(tokenId);
    if (!session) throw CrestError.unauthorized('Access Denied');
    return session;
  }

  /** amadmin, or a user of this realm who is one of `userIds` or owns one of `agents`; else 403 CREST. */
  async require(session: ActiveSession, realm: string, grounds: { userIds?: string[]; agents?: string[] }): Promise<void> {
    if (session.isAdmin) return;
    if (session.realm === realm) {
      if (grounds.userIds?.includes(session.userId)) return;
      for (const agent of grounds.agents ?? []) if (await this.owns(session, realm, agent)) return;
    }
    throw forbidden(session);
  }

  /** Whether the session's user is among the agent's `owners`. */
  async owns(session: ActiveSession, realm: string, agentId: string): Promise<boolean> {
    const agent = await this.config.client(realm, agentId);
    return agent?.agentType === 'AIAgent' && (agent.owners ?? []).includes(session.username);
  }
}

export function forbidden(session: ActiveSession): CrestError {
  return CrestError.forbidden(`User, ${session.username}, not authorized.`);
}
