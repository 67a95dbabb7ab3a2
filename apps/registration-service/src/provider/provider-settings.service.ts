import { Inject, Injectable } from '@nestjs/common';
import { type ProviderSettings, providerSettingsSchema } from '@mandate/contracts';
import { PROVIDER_SETTINGS_STORE, type ProviderSettingsStore, type Realm } from '@mandate/oauth';
import { type ConfigCache, ConfigCaches } from '@mandate/platform';
import type { Actor } from '../admin/admin-access';
import { ConfigChangePublisher } from '../events/config-change.publisher';
import { canonicalJson, withDefaults } from '../realm-config/am-values';
import { invalidAttributes } from '../realm-config/invalid-attribute';
import { MAY_ACT_CONTEXTS, ScriptReferencesResolver } from '../scripts/script-references.resolver';
import { PROVIDER_DEFAULTS } from './provider-settings.defaults';
import { validateProviderBody } from './provider-settings.validator';

const PROVIDER_TYPE = { _id: 'oauth-oidc', name: 'OAuth2 Provider', collection: false };

const SCRIPT_FIELDS = [
  { section: 'coreOAuth2Config', field: 'accessTokenMayActScript', contexts: MAY_ACT_CONTEXTS },
  { section: 'coreOAuth2Config', field: 'oidcMayActScript', contexts: MAY_ACT_CONTEXTS },
  { section: 'clientDynamicRegistrationConfig', field: 'dynamicClientRegistrationScript', contexts: ['OAUTH2_DYNAMIC_CLIENT_REGISTRATION'] },
] as const;

/** `realm-config/services/oauth-oidc` (am-spec §13.3): GET the effective settings, PUT replaces. */
@Injectable()
export class ProviderSettingsService {
  /**
   * The effective settings per realm, read once and kept until a provider change: every
   * discovery request, dynamic registration and client lookup needs them, and reading and
   * validating the stored document each time was most of a discovery request's cost (Postgres
   * 0.4 ms of CPU per request). This instance drops a realm's entry when it writes; other
   * replicas drop it on `registration.config.changed` (ConfigCacheModule).
   */
  private readonly effectiveSettings: ConfigCache<Readonly<ProviderSettings>>;

  constructor(
    @Inject(PROVIDER_SETTINGS_STORE) private readonly store: ProviderSettingsStore,
    private readonly references: ScriptReferencesResolver,
    private readonly events: ConfigChangePublisher,
    caches: ConfigCaches,
  ) {
    // Keyed by realm id: a realm deleted and made again under its path starts over.
    this.effectiveSettings = caches.create({ dropRealmOn: ['provider'] });
  }

  /** Stored values over the documented defaults. Shared between callers: never change it. */
  effective(realm: Realm): Promise<Readonly<ProviderSettings>> {
    return this.effectiveSettings.get(realm.path, realm.id, async () => {
      const stored = await this.store.find(realm.id);
      return deepFreeze(providerSettingsSchema.parse(withDefaults(PROVIDER_DEFAULTS, stored?.settings ?? {})));
    });
  }

  async read(actor: Actor): Promise<Record<string, unknown>> {
    const stored = await this.store.find(actor.realm.id);
    return toResource(await this.effective(actor.realm), stored?.rev ?? 0);
  }

  async replace(actor: Actor, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const sections = validateProviderBody(body);
    const { ids, problems } = await this.references.resolve(actor.realm, sections, SCRIPT_FIELDS);
    if (problems.length) throw invalidAttributes(problems);
    const current = await this.store.find(actor.realm.id);
    if (current && canonicalJson([current.settings, current.scriptRefs]) === canonicalJson([sections, [...new Set(ids)].sort()])) {
      return toResource(await this.effective(actor.realm), current.rev);
    }
    const saved = await this.store.save({ realmId: actor.realm.id, settings: sections, scriptRefs: ids });
    const change = { realm: actor.realm.path, kind: 'provider', id: 'oauth-oidc' } as const;
    this.effectiveSettings.changed(change); // this replica reads its own write at once
    await this.events.changed(change);
    return toResource(await this.effective(actor.realm), saved.rev);
  }
}

/** A cached value is shared: a caller that tried to change it would fail loudly, not corrupt it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

function toResource(settings: Readonly<ProviderSettings>, rev: number): Record<string, unknown> {
  return { _id: '', _rev: String(rev), ...settings, _type: PROVIDER_TYPE };
}
