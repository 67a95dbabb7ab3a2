import { Injectable } from '@nestjs/common';
import type { ActiveSession } from '@mandate/contracts';
import { SessionClient } from '@mandate/platform';

/**
 * Step 6 (am-spec §3.1): the resource owner is the live SSO session of the request's realm.
 * None (or one of another realm) → the caller goes to the login page.
 */
@Injectable()
export class SessionStep {
  constructor(private readonly sessions: SessionClient) {}

  async check(realm: string, ssoToken: string | undefined): Promise<ActiveSession | undefined> {
    const session = await this.sessions.validate(ssoToken);
    return session && session.realm === realm ? session : undefined;
  }
}
