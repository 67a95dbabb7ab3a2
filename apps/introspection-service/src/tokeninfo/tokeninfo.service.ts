import { Inject, Injectable } from '@nestjs/common';
import type { TokenInfoReply, TokenInfoRequest } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import { LOGGER, type Logger, RealmClient } from '@mandate/platform';
import { TokenStateClient } from '../tokens/token-state.client';
import { toTokenInfo } from './tokeninfo-response';

/**
 * AM's legacy `GET tokeninfo` (am-spec §8): no client authentication; the holder of a live
 * access token sees its claims. Anything else — no token, unknown, expired, revoked (contract
 * §3.10), or a refresh token — is 400 `invalid_request` `Access Token not valid`.
 */
@Injectable()
export class TokenInfoService {
  constructor(
    private readonly realms: RealmClient,
    private readonly tokens: TokenStateClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async tokenInfo(request: TokenInfoRequest): Promise<TokenInfoReply> {
    const { path: realm } = await this.realms.resolve(request.realm);
    const { token } = request;
    const state = token ? await this.tokens.resolve(realm, token) : ({ active: false } as const);
    // One audit line per outcome, never a token value (STYLE habit 11).
    if (!token || !state.active || state.claims.tokenName !== 'access_token') {
      this.logger.info({ event: 'tokeninfo', realm, active: false, reason: state.active ? 'refresh_token' : 'not_live' }, 'tokeninfo');
      throw new InvalidRequestError('Access Token not valid');
    }
    this.logger.info({ event: 'tokeninfo', realm, client: state.claims.client_id, active: true, authGrantId: state.claims.authGrantId }, 'tokeninfo');
    return toTokenInfo(state.claims, token, Date.now());
  }
}
