import { Injectable } from '@nestjs/common';
import { type TokenResponse, Messages } from '@mandate/contracts';
import { CibaError, GrantTypes, InvalidGrantError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import { TokenIssuer } from '../issuance/token-issuer.service';
import { type GrantContext, type GrantHandler, requiredParam } from './grant-handler';
import { holdsRefreshGrant } from './refresh-issuance';

/**
 * OpenID CIBA Core 1.0 §10.1, §11: `grant_type=urn:openid:params:grant-type:ciba` with the
 * `auth_req_id` bc-authorize answered. Until the user decides: `authorization_pending` (or
 * `slow_down` when polled faster than the interval, which then grows by 5 s); then the tokens
 * once, `access_denied`, or `expired_token`. An auth_req_id of another client, unknown, or
 * already redeemed is `invalid_grant`.
 */
@Injectable()
export class CibaGrant implements GrantHandler {
  readonly grantType = GrantTypes.ciba;
  readonly required = ['auth_req_id'] as const;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly rpc: RpcClient,
  ) {}

  async handle(context: GrantContext): Promise<TokenResponse> {
    const { realm, client } = context;
    const polled = await this.rpc.request(Messages.authorize.cibaPoll, { realm, clientId: client.clientId, authReqId: requiredParam(context, 'auth_req_id') });
    switch (polled.outcome) {
      case 'pending':
        throw CibaError.pending();
      case 'slow_down':
        throw CibaError.slowDown(polled.interval ?? 5);
      case 'denied':
        throw CibaError.denied();
      case 'expired':
        throw CibaError.expired();
      case 'consumed':
        throw new InvalidGrantError('auth_req_id already redeemed');
      case 'invalid':
        throw new InvalidGrantError('unknown auth_req_id');
    }
    const { grant } = polled;
    const issued = await this.issuer.issue({
      realm,
      client,
      subject: { type: 'usr', id: grant.userId, username: grant.username, authLevel: grant.authLevel, authTime: grant.authTime },
      scopes: grant.scopes,
      grantType: this.grantType,
      authGrantId: grant.authGrantId,
      refresh: holdsRefreshGrant(context),
      resources: { access: grant.resources, grant: grant.resources },
      requestParams: context.lists,
    });
    return issued.response;
  }
}
