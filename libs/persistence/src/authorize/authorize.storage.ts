import { AUTHORIZATION_CODE_STORE, CIBA_REQUEST_STORE } from '@mandate/oauth';
import type { ServiceStorage } from '../persistence.module';
import { AuthorizationCodeEntity } from './authorization-code.entity';
import { AuthorizationCodes1764100000000 } from './migrations/1764100000000-authorization-codes';
import { AuthorizationCodeResources1765000000000 } from './migrations/1765000000000-authorization-code-resources';
import { TypeOrmAuthorizationCodeStore } from './typeorm-authorization-code.store';
import { CibaRequests1766000000000 } from './migrations/1766000000000-ciba-requests';
import { TypeOrmCibaRequestStore } from './typeorm-ciba-request.store';

/** authorize-service owns authorization codes and CIBA requests. */
export const authorizeStorage: ServiceStorage = {
  schema: 'authorize',
  entities: [AuthorizationCodeEntity],
  migrations: [AuthorizationCodes1764100000000, AuthorizationCodeResources1765000000000, CibaRequests1766000000000],
  stores: [{ provide: AUTHORIZATION_CODE_STORE, useClass: TypeOrmAuthorizationCodeStore },
    { provide: CIBA_REQUEST_STORE, useClass: TypeOrmCibaRequestStore },
  ],
};
