import { Injectable } from '@nestjs/common';
import { type TokenResponse, Messages } from '@mandate/contracts';
import { GrantTypes, InvalidGrantError } from '@mandate/oauth';
import { RpcClient } from '@mandate/platform';
import { TokenIssuer } from '../issuance/token-issuer.service';
import { RESOURCE_PARAMETER, requestedResources } from './grant-resources';
import { type GrantContext, type GrantHandler, requiredParam } from './grant-handler';
import { requestedScopes } from './grant-scopes';
import { holdsRefreshGrant } from './refresh-issuance';

/**
 * RFC 6749 §4.3, am-spec §4.6: the resource owner's password, checked by authn-service without
 * a session. Only clients that list `password` get here (the endpoint checks). Bad credentials
 * are `invalid_grant`.
 */
@Injectable()
export class PasswordGrant implements GrantHandler {
  readonly grantType = GrantTypes.password;
  readonly repeatable = [RESOURCE_PARAMETER] as const;
  readonly required = ['username', 'password'] as const;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly rpc: RpcClient,
  ) {}

  async handle(context: GrantContext): Promise<TokenResponse> {
    const scopes = requestedScopes(context);
    const resources = requestedResources(context);
    const user = await this.rpc.request(Messages.authn.credentialsVerify, {
      realm: context.realm,
      username: requiredParam(context, 'username'),
      password: requiredParam(context, 'password'),
    });
    if (!user.valid) throw new InvalidGrantError('resource owner credentials refused');
    const issued = await this.issuer.issue({
      realm: context.realm,
      client: context.client,
      subject: { type: 'usr', id: user.userId, username: user.username, authLevel: user.authLevel, authTime: Math.floor(Date.now() / 1000) },
      scopes,
      grantType: this.grantType,
      refresh: holdsRefreshGrant(context),
      resources: { access: resources, grant: resources },
      requestParams: context.lists,
      dpop: context.dpop,
    });
    return issued.response;
  }
}
