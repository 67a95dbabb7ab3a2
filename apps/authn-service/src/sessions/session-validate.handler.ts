import { Controller } from '@nestjs/common';
import { type SessionValidateReply, type SessionValidateRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { SsoSessionService } from './sso-session.service';

/** `authn.session.validate`: other services ask whether an SSO token is a live session. */
@Controller()
export class SessionValidateHandler {
  constructor(private readonly sessions: SsoSessionService) {}

  @Handles(Messages.authn.sessionValidate)
  async validate(request: SessionValidateRequest): Promise<SessionValidateReply> {
    const live = await this.sessions.validate(request.tokenId);
    if (!live) return { valid: false };
    return {
      valid: true,
      userId: live.session.userId,
      username: live.session.username,
      realm: live.session.realm,
      isAdmin: live.isAdmin,
      authLevel: live.session.authLevel,
      expiresAt: live.expiresAt.toISOString(),
    };
  }
}
