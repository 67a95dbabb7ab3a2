import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type SessionValidateReply, Subjects } from '@mandate/contracts';

export const ADMIN_TOKEN = 'admin-token';
export const USER_TOKEN = 'user-token';

/**
 * A test fake for registration-service's service tests, which run registration-service alone:
 * it plays authn-service's `authn.session.validate` for two fixed tokens (amadmin's and a
 * user's). The end-to-end tests use the real authn-service.
 */
@Controller()
export class SessionValidateFakeHandler {
  @MessagePattern(Subjects.authn.sessionValidate)
  validate(@Payload() request: { tokenId: string }): SessionValidateReply {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    if (request.tokenId === ADMIN_TOKEN) {
      return { valid: true, userId: '00000000-0000-4000-8000-000000000001', username: 'amadmin', realm: '/', isAdmin: true, authLevel: 0, expiresAt };
    }
    if (request.tokenId === USER_TOKEN) {
      return { valid: true, userId: '00000000-0000-4000-8000-000000000002', username: 'bjensen', realm: '/alpha', isAdmin: false, authLevel: 0, expiresAt };
    }
    return { valid: false };
  }
}
