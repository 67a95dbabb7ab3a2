import type { GrantContext } from './grant-handler';

export const REFRESH_TOKEN_GRANT = 'refresh_token';

/**
 * Whether a grant that may return a refresh token (authorization code, password) returns one:
 * only to a client that lists the `refresh_token` grant, in a realm whose provider enables it.
 * AM does the same since 6.5.1 ("the refresh_token grant type must now be added to OAuth2
 * clients in order to obtain a refresh token"); a client that may not use a refresh token is
 * not handed one. The effective `issueRefreshToken` applies on top (TokenIssuer).
 */
export function holdsRefreshGrant({ client, provider }: Pick<GrantContext, 'client' | 'provider'>): boolean {
  return client.grantTypes.includes(REFRESH_TOKEN_GRANT) && provider.advancedOAuth2Config.grantTypes.includes(REFRESH_TOKEN_GRANT);
}
