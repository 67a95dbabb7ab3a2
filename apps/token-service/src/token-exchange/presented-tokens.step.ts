import type { ResolvedToken, TokenResolver } from '../tokens/token-resolver.service';
import { exchangeRefused } from './exchange-refusal';
import type { ExchangeRequest } from './exchange-request.parser';

/** A live access token presented to the exchange, with the claims the pipeline reads. */
export interface PresentedToken {
  claims: Record<string, unknown>;
  sub: string;
  jti: string;
  authGrantId: string;
  exp: number;
}

export interface PresentedTokens {
  subject: PresentedToken;
  actor?: PresentedToken;
}

/**
 * am-spec §5.3 step 4, contract §3.6 and §3.10: the subject token, and the actor token when
 * there is one, must be access tokens issued by this realm's provider, in either format,
 * unexpired and unrevoked (their grant and ancestors too). A malformed, forged (bad signature,
 * other issuer or realm), expired or revoked token, or a refresh token, is refused.
 */
export class PresentedTokensStep {
  constructor(private readonly resolver: Pick<TokenResolver, 'resolveAll'>) {}

  async resolve(realm: string, request: ExchangeRequest): Promise<PresentedTokens> {
    // Both tokens in one lookup; the subject token's refusal still comes first.
    const [subjectToken, actorToken] = await this.resolver.resolveAll(realm, request.actor ? [request.subjectToken, request.actor.token] : [request.subjectToken]);
    const subject = this.live(realm, subjectToken, 'subject_token');
    const actor = request.actor ? this.live(realm, actorToken, 'actor_token') : undefined;
    return { subject, ...(actor ? { actor } : {}) };
  }

  private live(realm: string, token: ResolvedToken | undefined, name: string): PresentedToken {
    if (!token) throw exchangeRefused(`${name} is malformed, forged, expired, revoked or not of realm ${realm}`);
    if (token.kind !== 'access_token') throw exchangeRefused(`${name} is a ${token.kind}, not an access token`);
    const { claims } = token;
    return { claims, sub: String(claims.sub), jti: String(claims.jti), authGrantId: String(claims.authGrantId), exp: Number(claims.exp) };
  }
}
