import { Controller } from '@nestjs/common';
import { Messages, type SessionActionRequest, type SessionCheckReply, type SessionLogoutReply } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { Handles, RealmClient } from '@mandate/platform';
import { SsoSessionService } from './sso-session.service';

/** AM's `/json/sessions` actions (contract §1, am-spec §2.3). */
@Controller()
export class SessionActionsHandler {
  constructor(
    private readonly sessions: SsoSessionService,
    private readonly realms: RealmClient,
  ) {}

  /** `_action=validate`: `{valid, sessionUid, uid, realm}` or `{valid: false}`. */
  @Handles(Messages.authn.sessionCheck)
  async check(request: SessionActionRequest): Promise<SessionCheckReply> {
    await this.realms.resolve(request.realm);
    const live = await this.sessions.validate(request.tokenId);
    if (!live) return { valid: false };
    return { valid: true, sessionUid: live.session.id, uid: live.session.username, realm: live.session.realm };
  }

  /** am-spec §2.3: `_action=logout` with the session's own token → `{"result":"Successfully logged out"}`. */
  @Handles(Messages.authn.sessionLogout)
  async logout(request: SessionActionRequest): Promise<SessionLogoutReply> {
    await this.realms.resolve(request.realm);
    if (!(await this.sessions.logout(request.tokenId))) throw CrestError.unauthorized('Access Denied');
    return { result: 'Successfully logged out' };
  }
}
