import { LOGGER, type Logger, auditProducerProviders, configProvider } from '@mandate/platform';
import { AdminAccess } from '../admin/admin-access';
import { ClientAdminHandler } from '../clients/client-admin.handler';
import { ClientHandler } from '../clients/client.handler';
import { ClientSecretHasher } from '../clients/client-secret.hasher';
import { ClientService } from '../clients/client.service';
import { ClientAssertions } from '../client-assertions/client-assertions.service';
import { ClientKeys } from '../client-assertions/client-keys';
import { JwtBearerAssertions } from '../client-assertions/jwt-bearer-assertions.service';
import { ClientMetadataDocuments } from '../client-metadata/client-metadata-documents.service';
import { clientMetadataConfig, type ClientMetadataConfig } from '../client-metadata/client-metadata.config';
import { FETCH_LIMITS, MetadataDocumentFetcher } from '../client-metadata/metadata-document.fetcher';
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
import { IdempotentReplies } from '../idempotency/idempotent-replies';

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
  IdempotentReplies,
  ScriptService,
  ScriptReferencesResolver,
  ProviderSettingsService,
  ClientSecretHasher,
  ClientService,
  // Client ID metadata documents: a URL client_id is fetched, checked and cached here.
  configProvider(clientMetadataConfig),
  {
    provide: MetadataDocumentFetcher,
    useFactory: (config: ClientMetadataConfig, logger: Logger) => {
      if (config.MANDATE_CIMD_ALLOW_LOOPBACK) logger.warn('MANDATE_CIMD_ALLOW_LOOPBACK is on: client metadata documents may be fetched from the loopback interface (tests only)');
      return new MetadataDocumentFetcher({ allowLoopback: config.MANDATE_CIMD_ALLOW_LOOPBACK });
    },
    inject: [clientMetadataConfig.token, LOGGER],
  },
  ClientMetadataDocuments,
  // private_key_jwt: a client's jwks_uri is fetched with the same SSRF defences, a JWK Set allowed up to 64 KiB.
  {
    provide: ClientKeys,
    useFactory: (config: ClientMetadataConfig) =>
      new ClientKeys(new MetadataDocumentFetcher({ allowLoopback: config.MANDATE_CIMD_ALLOW_LOOPBACK, limits: { ...FETCH_LIMITS, maxBytes: 64 * 1024 } })),
    inject: [clientMetadataConfig.token],
  },
  ClientAssertions,
  JwtBearerAssertions,
  ApplicationPolicyService,
  DeclarativeImport,
  // Issue 20: the audit outbox and its drainer (admin changes are recorded by AdminChangeAudit).
  ...auditProducerProviders,
];
