import { GROUP_STORE, LOGIN_FAILURE_STORE, SSO_SESSION_STORE, USER_STORE } from '@mandate/oauth';
import { auditOutboxStorage } from '../audit/audit.storage';
import { importLedgerStorage } from '../imports/import-ledger';
import type { ServiceStorage } from '../persistence.module';
import { GroupEntity, GroupMemberEntity } from './group.entity';
import { LoginFailureEntity } from './login-failure.entity';
import { Identities1764000000000 } from './migrations/1764000000000-identities';
import { SsoSessionEntity } from './sso-session.entity';
import { TypeOrmGroupStore } from './typeorm-group.store';
import { TypeOrmLoginFailureStore } from './typeorm-login-failure.store';
import { TypeOrmSsoSessionStore } from './typeorm-sso-session.store';
import { TypeOrmUserStore } from './typeorm-user.store';
import { UserEntity } from './user.entity';

/** The audit outbox (issue 20 item 1): events wait beside the facts they record. */
const outbox = auditOutboxStorage('authn');
/** The `MANDATE_IMPORT` files already applied (issue 25 item 5). */
const imports = importLedgerStorage('authn');

/** authn-service owns users, groups, SSO sessions and login failures. */
export const authnStorage: ServiceStorage = {
  schema: 'authn',
  entities: [UserEntity, GroupEntity, GroupMemberEntity, SsoSessionEntity, LoginFailureEntity],
  migrations: [Identities1764000000000, outbox.migration, imports.migration],
  stores: [
    outbox.store,
    imports.store,
    { provide: USER_STORE, useClass: TypeOrmUserStore },
    { provide: GROUP_STORE, useClass: TypeOrmGroupStore },
    { provide: SSO_SESSION_STORE, useClass: TypeOrmSsoSessionStore },
    { provide: LOGIN_FAILURE_STORE, useClass: TypeOrmLoginFailureStore },
  ],
};
