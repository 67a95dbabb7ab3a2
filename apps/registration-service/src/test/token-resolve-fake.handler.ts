import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, type TokenResolveReply } from '@mandate/contracts';

/**
 * A test fake for registration-service's service tests: it plays token-service's `token.resolve`
 * for three fixed tokens (an access token with the registration scope, one without, a refresh token).
 */
export const REGISTRAR_TOKEN = 'registrar-access-token';
export const READ_ONLY_TOKEN = 'read-only-access-token';
export const REFRESH_TOKEN = 'a-refresh-token';

const claims = (scope: string[], tokenName: 'access_token' | 'refresh_token') => ({
  sub: 'registrar',
  subname: 'registrar',
  iss: 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha',
  aud: 'registrar',
  client_id: 'registrar',
  scope,
  grant_type: 'client_credentials',
  authGrantId: 'grant-1',
  auditTrackingId: 'audit-1',
  jti: `jti-${tokenName}`,
  exp: Math.floor(Date.now() / 1000) + 3600,
  iat: Math.floor(Date.now() / 1000),
  nbf: Math.floor(Date.now() / 1000),
  realm: '/alpha',
  tokenName,
  token_type: 'Bearer',
});

@Controller()
export class TokenResolveFakeHandler {
  @MessagePattern(Subjects.token.resolve)
  resolve(@Payload() request: { realm: string; token: string }): TokenResolveReply {
    if (request.realm !== '/alpha') return { active: false };
    if (request.token === REGISTRAR_TOKEN) return { active: true, format: 'opaque', claims: claims(['dynamic_client_registration'], 'access_token') };
    if (request.token === READ_ONLY_TOKEN) return { active: true, format: 'opaque', claims: claims(['read'], 'access_token') };
    if (request.token === REFRESH_TOKEN) return { active: true, format: 'opaque', claims: claims(['dynamic_client_registration'], 'refresh_token') };
    return { active: false };
  }
}
