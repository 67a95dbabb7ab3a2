import { getRepositoryToken } from '@nestjs/typeorm';
import { INSTALLATION_SECRET_STORE, REPLAY_STORE, SIGNING_KEY_STORE, TOKEN_STORE } from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { auditOutboxStorage } from '../audit/audit.storage';
import type { ServiceStorage } from '../persistence.module';
import { InstallationSecretEntity } from './installation-secret.entity';
import { SigningKeys1763900000000 } from './migrations/1763900000000-signing-keys';
import { GrantsAndTokens1764200000000 } from './migrations/1764200000000-grants-and-tokens';
import { GrantDetails1765000000000 } from './migrations/1765000000000-grant-details';
import { PrincipalCutoffs1765300000000 } from './migrations/1765300000000-principal-cutoffs';
import { ReplayClaims1766000000000 } from './migrations/1766000000000-replay-claims';
import { TypeOrmReplayStore } from './typeorm-replay.store';
import { TypeOrmTokenStore } from './typeorm-token.store';
import { SigningKeyEntity } from './signing-key.entity';
import { TypeOrmInstallationSecretStore } from './typeorm-installation-secret.store';
import { TypeOrmSigningKeyStore } from './typeorm-signing-key.store';

/** The audit outbox (issue 20 item 1): events wait beside the facts they record. */
const outbox = auditOutboxStorage('token');

/** token-service owns the realms' signing keys, grants, server-side tokens and the denylist. */
export const tokenStorage: ServiceStorage = {
  schema: 'token',
  entities: [SigningKeyEntity, InstallationSecretEntity],
  migrations: [SigningKeys1763900000000, GrantsAndTokens1764200000000, GrantDetails1765000000000, PrincipalCutoffs1765300000000, outbox.migration, ReplayClaims1766000000000],
  stores: [
    outbox.store,
    { provide: getRepositoryToken(SigningKeyEntity), useFactory: (ds: DataSource) => ds.getRepository(SigningKeyEntity), inject: [DataSource] },
    {
      provide: getRepositoryToken(InstallationSecretEntity),
      useFactory: (ds: DataSource) => ds.getRepository(InstallationSecretEntity),
      inject: [DataSource],
    },
    { provide: SIGNING_KEY_STORE, useClass: TypeOrmSigningKeyStore },
    { provide: INSTALLATION_SECRET_STORE, useClass: TypeOrmInstallationSecretStore },
    { provide: TOKEN_STORE, useClass: TypeOrmTokenStore },
    TypeOrmReplayStore,
    { provide: REPLAY_STORE, useExisting: TypeOrmReplayStore },
  ],
};
