import { auditProducerProviders, configProvider } from '@mandate/platform';
import { AdminAccess } from '../admin/admin-access';
import { ClientAdminHandler } from '../clients/client-admin.handler';
import { ClientHandler } from '../clients/client.handler';
import { ClientSecretHasher } from '../clients/client-secret.hasher';
import { ClientService } from '../clients/client.service';
import { ConfigChangePublisher } from '../events/config-change.publisher';
import { DeclarativeImport } from '../import/declarative-import';
import { importConfig } from '../import/import.config';
import { ApplicationPolicyService } from '../policies/application-policy.service';
import { PolicyAdminHandler } from '../policies/policy-admin.handler';
import { PolicyHandler } from '../policies/policy.handler';
import { ProviderAdminHandler } from '../provider/provider-admin.handler';
import { ProviderHandler } from '../provider/provider.handler';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { ScriptAdminHandler } from '../scripts/script-admin.handler';
import { ScriptHandler } from '../scripts/script.handler';
import { ScriptReferencesResolver } from '../scripts/script-references.resolver';
import { ScriptService } from '../scripts/script.service';

/** Realm configuration (issue 4): admin REST handlers, lookups for other services, and the import. */
export const REALM_CONFIG_HANDLERS = [
  ProviderAdminHandler,
  ProviderHandler,
  ClientAdminHandler,
  ClientHandler,
  PolicyAdminHandler,
  PolicyHandler,
  ScriptAdminHandler,
  ScriptHandler,
];

export const REALM_CONFIG_PROVIDERS = [
  configProvider(importConfig),
  AdminAccess,
  ConfigChangePublisher,
  ScriptService,
  ScriptReferencesResolver,
  ProviderSettingsService,
  ClientSecretHasher,
  ClientService,
  ApplicationPolicyService,
  DeclarativeImport,
  // Issue 20: the audit outbox and its drainer (admin changes are recorded by AdminChangeAudit).
  ...auditProducerProviders,
];
