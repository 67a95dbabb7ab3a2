import { getRepositoryToken } from '@nestjs/typeorm';
import {
  APPLICATION_POLICY_STORE,
  CLIENT_STORE,
  INITIAL_ACCESS_TOKEN_STORE,
  PROVIDER_SETTINGS_STORE,
  REALM_STORE,
  REALM_WRITER,
  IDEMPOTENT_REPLY_STORE,
  REGISTRATION_ACCESS_TOKEN_STORE,
  REPLAY_STORE,
  SCRIPT_STORE,
} from '@mandate/oauth';
import { DataSource } from 'typeorm';
import { auditOutboxStorage } from '../audit/audit.storage';
import { importLedgerStorage } from '../imports/import-ledger';
import type { ServiceStorage } from '../persistence.module';
import { Realms1763800000000 } from './migrations/1763800000000-realms';
import { RealmConfig1763900000000 } from './migrations/1763900000000-realm-config';
import { RegistrationAccessTokens1764150000000 } from './migrations/1764150000000-registration-access-tokens';
import { InitialAccessTokens1764800000000 } from './migrations/1764800000000-initial-access-tokens';
import { AssertionReplay1765200000000 } from './migrations/1765200000000-assertion-replay';
import { IdempotentReplies1766200000000 } from './migrations/1766200000000-idempotent-replies';
import { RealmEntity } from './realm.entity';
import { TypeOrmRealmStore } from './typeorm-realm.store';
import { ScriptEntity } from './script.entity';
import { ClientEntity } from './client.entity';
import { ScriptReferenceEntity } from './script-reference.entity';
import { ProviderSettingsEntity } from './provider-settings.entity';
import { ApplicationPolicyEntity } from './application-policy.entity';
import { TypeOrmClientStore } from './typeorm-client.store';
import { TypeOrmScriptStore } from './typeorm-script.store';
import { TypeOrmProviderSettingsStore } from './typeorm-provider-settings.store';
import { TypeOrmApplicationPolicyStore } from './typeorm-application-policy.store';
import { RegistrationAccessTokenEntity } from './registration-access-token.entity';
import { TypeOrmRegistrationAccessTokenStore } from './typeorm-registration-access-token.store';
import { TypeOrmInitialAccessTokenStore } from './typeorm-initial-access-token.store';
import { AssertionReplayStore } from './typeorm-replay.store';
import { TypeOrmIdempotentReplyStore } from './typeorm-idempotent-reply.store';

/** The audit outbox (issue 20 item 1): events wait beside the facts they record. */
const outbox = auditOutboxStorage('registration');
/** The `MANDATE_IMPORT` files already applied (issue 25 item 5). */
const imports = importLedgerStorage('registration');

/** registration-service owns realms, scripts, OAuth2 clients and AI agents, provider settings, application policies, registration access tokens, initial access tokens, the answers to idempotent creates and the used `jti`s of client assertions. */
export const registrationStorage: ServiceStorage = {
  schema: 'registration',
  entities: [RealmEntity, ScriptEntity, ClientEntity, ScriptReferenceEntity, ProviderSettingsEntity, ApplicationPolicyEntity, RegistrationAccessTokenEntity],
  migrations: [Realms1763800000000, RealmConfig1763900000000, RegistrationAccessTokens1764150000000, InitialAccessTokens1764800000000, outbox.migration, AssertionReplay1765200000000, imports.migration, IdempotentReplies1766200000000],
  stores: [
    outbox.store,
    imports.store,
    { provide: getRepositoryToken(RealmEntity), useFactory: (ds: DataSource) => ds.getRepository(RealmEntity), inject: [DataSource] },
    TypeOrmRealmStore,
    { provide: REALM_STORE, useExisting: TypeOrmRealmStore },
    { provide: REALM_WRITER, useExisting: TypeOrmRealmStore },
    { provide: CLIENT_STORE, useClass: TypeOrmClientStore },
    { provide: SCRIPT_STORE, useClass: TypeOrmScriptStore },
    { provide: PROVIDER_SETTINGS_STORE, useClass: TypeOrmProviderSettingsStore },
    { provide: APPLICATION_POLICY_STORE, useClass: TypeOrmApplicationPolicyStore },
    { provide: REGISTRATION_ACCESS_TOKEN_STORE, useClass: TypeOrmRegistrationAccessTokenStore },
    { provide: INITIAL_ACCESS_TOKEN_STORE, useClass: TypeOrmInitialAccessTokenStore },
    { provide: REPLAY_STORE, useClass: AssertionReplayStore },
    { provide: IDEMPOTENT_REPLY_STORE, useClass: TypeOrmIdempotentReplyStore },
  ],
};
