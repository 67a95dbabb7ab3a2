import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type SessionActionRequest,
  type SessionCheckReply,
  type SessionLogoutReply,
  Subjects,
  sessionActionRequestSchema,
} from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';
import { ContractPipe, RealmClient } from '@mandate/platform';
import { SsoSessionService } from './sso-session.service';

/** AM's `/json/sessions` actions (contract §1, am-spec §2.3). */
@Controller()
export class SessionActionsHandler {
  constructor(
    private readonly sessions: SsoSessionService,
    private readonly realms: RealmClient,
  ) {}

  /** `_action=validate`: `{valid, sessionUid, uid, realm}` or `{valid: false}`. */
  @MessagePattern(Subjects.authn.sessionCheck)
  async check(@Payload(new ContractPipe(Subjects.authn.sessionCheck, sessionActionRequestSchema)) request: SessionActionRequest): Promise<SessionCheckReply> {
    await this.realms.resolve(request.realm);
    const live = await this.sessions.validate(request.tokenId);
    if (!live) return { valid: false };
    return { valid: true, sessionUid: live.session.id, uid: live.session.username, realm: live.session.realm };
  }

  /** am-spec §2.3: `_action=logout` with the session's own token → `{"result":"Successfully logged out"}`. */
  @MessagePattern(Subjects.authn.sessionLogout)
  async logout(@Payload(new ContractPipe(Subjects.authn.sessionLogout, sessionActionRequestSchema)) request: SessionActionRequest): Promise<SessionLogoutReply> {
    await this.realms.resolve(request.realm);
    if (!(await this.sessions.logout(request.tokenId))) throw CrestError.unauthorized('Access Denied');
    return { result: 'Successfully logged out' };
  }
}
