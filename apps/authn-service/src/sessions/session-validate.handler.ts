import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type SessionValidateReply, type SessionValidateRequest, Subjects, sessionValidateRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { SsoSessionService } from './sso-session.service';

/** `authn.session.validate`: other services ask whether an SSO token is a live session. */
@Controller()
export class SessionValidateHandler {
  constructor(private readonly sessions: SsoSessionService) {}

  @MessagePattern(Subjects.authn.sessionValidate)
  async validate(
    @Payload(new ContractPipe(Subjects.authn.sessionValidate, sessionValidateRequestSchema)) request: SessionValidateRequest,
  ): Promise<SessionValidateReply> {
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
