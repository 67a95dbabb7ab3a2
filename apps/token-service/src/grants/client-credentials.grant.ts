import { Injectable } from '@nestjs/common';
import type { TokenResponse } from '@mandate/contracts';
import { GrantTypes, UnauthorizedClientError } from '@mandate/oauth';
import { TokenIssuer } from '../issuance/token-issuer.service';
import { RESOURCE_PARAMETER, requestedResources } from './grant-resources';
import type { GrantContext, GrantHandler } from './grant-handler';
import { requestedScopes } from './grant-scopes';

/**
 * RFC 6749 §4.4, am-spec §4.5: confidential clients only; the token is about the client itself
 * (`sub` = client id); never a refresh token (§4.4.3).
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = GrantTypes.clientCredentials;
  readonly repeatable = [RESOURCE_PARAMETER] as const;
  readonly required = [] as const;

  constructor(private readonly issuer: TokenIssuer) {}

  async handle(context: GrantContext): Promise<TokenResponse> {
    if (context.client.clientType !== 'Confidential') throw new UnauthorizedClientError("Public clients can't use client credentials grant.");
    const resources = requestedResources(context);
    const issued = await this.issuer.issue({
      realm: context.realm,
      client: context.client,
      subject: { type: 'age', id: context.client.clientId },
      scopes: requestedScopes(context),
      grantType: this.grantType,
      refresh: false,
      resources: { access: resources, grant: resources },
      requestParams: context.lists,
      dpop: context.dpop,
    });
    return issued.response;
  }
}
