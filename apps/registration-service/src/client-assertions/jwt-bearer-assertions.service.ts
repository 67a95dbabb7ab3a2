import { Inject, Injectable } from '@nestjs/common';
import type { JwtBearerVerifyReply } from '@mandate/contracts';
import { InvalidGrantError, OAuthError, REPLAY_STORE, type Realm, type ReplayStore, realmIssuer } from '@mandate/oauth';
import { issuerConfig, type IssuerConfig } from '@mandate/platform';
import { type JWTPayload, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { ASSERTION_SKEW_SECONDS, CLIENT_ASSERTION_ALGORITHMS } from './client-assertion.validator';
import { ClientKeys, type KeyLocation } from './client-keys';

/** A bearer assertion lives at most this long (seconds): it stands for a login, and is spent once. */
export const GRANT_ASSERTION_MAX_LIFETIME_SECONDS = 3600;

interface TrustedIssuer extends KeyLocation {
  issuer: string;
  resourceOwnerIdentityClaim?: string;
  allowedSubjects?: string[];
  subjectType?: 'user' | 'agent';
  audiences?: string[];
}

/**
 * The JWT bearer grant's assertion (RFC 7523 §2.1, §3), every failure 400 `invalid_grant`: its
 * `iss` one of the realm's `advancedOAuth2Config.trustedJwtIssuers`, signed by that issuer's
 * keys (asymmetric algorithms only), `aud` accepted, `exp` required and at most an hour ahead,
 * `nbf`/`iat` not in the future (60 s skew), the subject claim present (and allowed), a `jti`
 * (when present) used once.
 */
@Injectable()
export class JwtBearerAssertions {
  constructor(
    @Inject(REPLAY_STORE) private readonly replay: ReplayStore,
    private readonly provider: ProviderSettingsService,
    private readonly keys: ClientKeys,
    @Inject(issuerConfig.token) private readonly issuerConfig: IssuerConfig,
  ) {}

  async verify(realm: Realm, assertion: string, clientId: string): Promise<JwtBearerVerifyReply> {
    let iss: unknown;
    let alg: string | undefined;
    let typ: string | undefined;
    try {
      ({ alg, typ } = decodeProtectedHeader(assertion));
      iss = decodeJwt(assertion).iss;
    } catch {
      throw new InvalidGrantError('the assertion is not a JWT');
    }
    if (!alg || !(CLIENT_ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) throw new InvalidGrantError(`assertion algorithm ${alg ?? '(none)'} is not accepted`);
    const provider = await this.provider.effective(realm);
    const trusted = ((provider.advancedOAuth2Config['trustedJwtIssuers'] ?? []) as TrustedIssuer[]).find((t) => t.issuer === iss);
    if (!trusted) throw new InvalidGrantError(`assertion issuer ${String(iss)} is not trusted in ${realm.path}`);
    const own = realmIssuer(this.issuerConfig.AM_BASE_URL, realm.path);
    const audiences = trusted.audiences?.length ? trusted.audiences : [own, `${own}/access_token`];
    const now = Math.floor(Date.now() / 1000);
    let claims: JWTPayload;
    try {
      const keys = this.keys.resolver(trusted, trusted.issuer);
      ({ payload: claims } = await jwtVerify(assertion, keys, {
        algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
        issuer: trusted.issuer,
        audience: audiences,
        clockTolerance: ASSERTION_SKEW_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new InvalidGrantError(`assertion refused: ${error instanceof OAuthError ? (error.detail ?? error.description) : (error as Error).message}`);
    }
    if ((claims.exp as number) > now + GRANT_ASSERTION_MAX_LIFETIME_SECONDS + ASSERTION_SKEW_SECONDS) throw new InvalidGrantError('assertion exp is too far ahead');
    if (typeof claims.iat === 'number' && claims.iat > now + ASSERTION_SKEW_SECONDS) throw new InvalidGrantError('assertion iat is in the future');
    const subject = claims[trusted.resourceOwnerIdentityClaim ?? 'sub'];
    if (typeof subject !== 'string' || subject === '') throw new InvalidGrantError(`assertion has no ${trusted.resourceOwnerIdentityClaim ?? 'sub'}`);
    if (trusted.allowedSubjects?.length && !trusted.allowedSubjects.includes(subject)) throw new InvalidGrantError(`subject ${subject} is not allowed for issuer ${trusted.issuer}`);
    if (typeof claims['client_id'] === 'string' && claims['client_id'] !== clientId) throw new InvalidGrantError(`assertion was issued to ${claims['client_id']}, not ${clientId}`);
    if (typeof claims.jti === 'string' && claims.jti !== '') {
      const claimed = await this.replay.claim(`jwt-bearer:${realm.id}:${trusted.issuer}`, claims.jti, new Date(((claims.exp as number) + ASSERTION_SKEW_SECONDS) * 1000));
      if (!claimed) throw new InvalidGrantError(`assertion jti ${claims.jti} was already used`);
    }
    // draft-ietf-oauth-identity-assertion-authz-grant §4.4: an ID-JAG names the client it was issued for.
    if (typ?.toLowerCase() === 'oauth-id-jag+jwt' && typeof claims['client_id'] !== 'string') throw new InvalidGrantError('the ID-JAG has no client_id');
    const scope = typeof claims['scope'] === 'string' ? claims['scope'].split(' ').filter(Boolean) : undefined;
    const resource = claims['resource'];
    return {
      issuer: trusted.issuer,
      subjectType: trusted.subjectType ?? 'user',
      subject,
      ...(scope && { scopes: scope }),
      ...(typeof claims['client_id'] === 'string' && { clientId: claims['client_id'] }),
      ...(resource !== undefined && { resources: (Array.isArray(resource) ? resource : [resource]).filter((r): r is string => typeof r === 'string') }),
    };
  }
}
