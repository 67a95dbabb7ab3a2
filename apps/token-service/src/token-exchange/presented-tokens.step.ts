import type { TokenResolver } from '../tokens/token-resolver.service';
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
  constructor(private readonly resolver: Pick<TokenResolver, 'resolve'>) {}

  async resolve(realm: string, request: ExchangeRequest): Promise<PresentedTokens> {
    const subject = await this.live(realm, request.subjectToken, 'subject_token');
    const actor = request.actor ? await this.live(realm, request.actor.token, 'actor_token') : undefined;
    return { subject, ...(actor ? { actor } : {}) };
  }

  private async live(realm: string, value: string, name: string): Promise<PresentedToken> {
    const token = await this.resolver.resolve(realm, value);
    if (!token) throw exchangeRefused(`${name} is malformed, forged, expired, revoked or not of realm ${realm}`);
    if (token.kind !== 'access_token') throw exchangeRefused(`${name} is a ${token.kind}, not an access token`);
    const { claims } = token;
    return { claims, sub: String(claims.sub), jti: String(claims.jti), authGrantId: String(claims.authGrantId), exp: Number(claims.exp) };
  }
}
