import { randomUUID } from 'node:crypto';
import type { ProviderSettings, TokenResponse } from '@mandate/contracts';
import { InvalidScopeError } from '@mandate/oauth';
import type { RealmIssuer } from '@mandate/platform';
import type { GrantContext } from '../grants/grant-handler';
import { exchangeScopes } from './exchange-scope.step';
import { signingAlgorithm } from '../issuance/token-format';
import type { KeyService } from '../keys/key.service';
import { audienceRefused, exchangeRefused } from './exchange-refusal';
import type { ExchangeRequest } from './exchange-request.parser';
import type { PresentedTokensStep } from './presented-tokens.step';
import { ACCESS_TOKEN_TYPE, ID_JAG_TOKEN_TYPE } from './token-types';
import type { UserDirectory } from './user-directory';

/** draft-ietf-oauth-identity-assertion-authz-grant §3: an ID-JAG is short-lived (seconds). */
export const ID_JAG_LIFETIME_SECONDS = 300;
export const ID_JAG_TYPE = 'oauth-id-jag+jwt';

/** What a client may ask ID-JAGs for: `advancedOAuth2ClientConfig.identityAssertionGrants` (a Mandate extension). */
interface IdJagPolicy {
  /** The other authorization server's issuer (the ID-JAG's `aud`). */
  audience: string;
  /** The client's id at that server (the ID-JAG's `client_id`). */
  clientId: string;
  /** Scopes the ID-JAG may carry; absent: the client's. */
  scopes?: string[];
}

/**
 * Mandate as the IdP of an Identity Assertion JWT Authorization Grant (draft §4.3): a token
 * exchange with `requested_token_type=…:id-jag`, the user's access token as `subject_token`
 * (Mandate issues no ID tokens) and `audience` another authorization server's issuer. The
 * client's `identityAssertionGrants` must list that audience (the policy); the answer is a JWT
 * signed by the realm's key, `typ: oauth-id-jag+jwt`, with iss, sub (the user's id),
 * `preferred_username`, aud, client_id (the client at the audience), jti, iat, exp, scope and
 * resource; `token_type: N_A` (draft §4.3.2). No actor token, no refresh token.
 */
export class IdJagIssuer {
  constructor(
    private readonly presented: PresentedTokensStep,
    private readonly users: UserDirectory,
    private readonly keys: KeyService,
    private readonly realmIssuer: RealmIssuer,
  ) {}

  async issue(context: GrantContext, request: ExchangeRequest, provider: ProviderSettings): Promise<TokenResponse> {
    const { realm, client } = context;
    if (request.subjectTokenType !== ACCESS_TOKEN_TYPE) throw exchangeRefused(`no ID-JAG from subject_token_type ${request.subjectTokenType}`);
    if (request.actor) throw exchangeRefused('an ID-JAG has no actor');
    if (request.audiences.length !== 1) throw audienceRefused('an ID-JAG names exactly one audience');
    const audience = request.audiences[0];
    const grants = (client.config['advancedOAuth2ClientConfig']?.['identityAssertionGrants'] ?? []) as IdJagPolicy[];
    const policy = Array.isArray(grants) ? grants.find((g) => g && g.audience === audience) : undefined;
    if (!policy) throw audienceRefused(`client ${client.clientId} may not ask ID-JAGs for ${audience}`);
    const { subject } = await this.presented.resolve(realm, request);
    const user = await this.users.lookup(realm, subject.sub);
    if (!user || !user.active) throw exchangeRefused(`subject ${subject.sub} is no active user of ${realm}`);
    let scopes = exchangeScopes(context);
    if (policy.scopes) {
      const beyond = scopes.filter((s) => !policy.scopes!.includes(s));
      if (beyond.length && context.params.scope !== undefined) throw new InvalidScopeError(`an ID-JAG for ${audience} may not carry ${beyond.join(' ')}`);
      scopes = scopes.filter((s) => policy.scopes!.includes(s));
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = Math.min(now + ID_JAG_LIFETIME_SECONDS, subject.exp);
    const resources = context.lists['resource'] ?? [];
    const claims: Record<string, unknown> = {
      iss: this.realmIssuer.of(realm),
      sub: user.userId,
      preferred_username: user.username,
      aud: audience,
      client_id: policy.clientId,
      jti: randomUUID(),
      iat: now,
      exp,
      ...(scopes.length && { scope: scopes.join(' ') }),
      ...(resources.length && { resource: resources.length === 1 ? resources[0] : resources }),
    };
    const ring = await this.keys.keyRing(realm, signingAlgorithm(provider));
    const jwt = await ring.sign(claims, { typ: ID_JAG_TYPE });
    return { access_token: jwt, issued_token_type: ID_JAG_TOKEN_TYPE, token_type: 'N_A', expires_in: exp - now, ...(scopes.length && { scope: scopes.join(' ') }) };
  }
}
