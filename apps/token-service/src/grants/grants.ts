import type { Provider } from '@nestjs/common';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { CibaGrant } from './ciba.grant';
import { ClientCredentialsGrant } from './client-credentials.grant';
import { GRANT_HANDLERS, type GrantHandler } from './grant-handler';
import { GrantRegistry } from './grant.registry';
import { JwtBearerGrant } from './jwt-bearer.grant';
import { PasswordGrant } from './password.grant';
import { RefreshTokenGrant } from './refresh-token.grant';
import { TokenExchangeGrant } from '../token-exchange/token-exchange.grant';

/** Every grant the token endpoint knows. A new grant is a file and one entry here. */
export const GRANTS = [AuthorizationCodeGrant, ClientCredentialsGrant, PasswordGrant, RefreshTokenGrant, TokenExchangeGrant, JwtBearerGrant, CibaGrant];

export const grantProviders: Provider[] = [
  ...GRANTS,
  { provide: GRANT_HANDLERS, useFactory: (...handlers: GrantHandler[]) => handlers, inject: GRANTS },
  GrantRegistry,
];
