import { getRepositoryToken } from '@nestjs/typeorm';
import { REALM_STORE } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import type { ServiceStorage } from '../persistence.module';
import { Realms1763800000000 } from './migrations/1763800000000-realms';
import { RealmEntity } from './realm.entity';
import { TypeOrmRealmStore } from './typeorm-realm.store';

/** registration-service owns realms (and, later, clients, agents, scripts and provider settings). */
export const registrationStorage: ServiceStorage = {
  schema: 'registration',
  entities: [RealmEntity],
  migrations: [Realms1763800000000],
  stores: [
    { provide: getRepositoryToken(RealmEntity), useFactory: (ds: DataSource) => ds.getRepository(RealmEntity), inject: [DataSource] },
    { provide: REALM_STORE, useClass: TypeOrmRealmStore },
  ],
};
