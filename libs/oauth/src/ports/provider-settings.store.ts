/** A realm's provider settings as an administrator stored them (AM sections; defaults are not stored). */
export interface StoredProviderSettings {
  realmId: string;
  settings: Record<string, Record<string, unknown>>;
  scriptRefs: string[];
  rev: number;
}

/** Storage port for OAuth2 provider settings, one document per realm. */
export interface ProviderSettingsStore {
  find(realmId: string): Promise<StoredProviderSettings | undefined>;
  /** Replaces the realm's document (PUT replaces). */
  save(settings: Omit<StoredProviderSettings, 'rev'>): Promise<StoredProviderSettings>;
}
export const PROVIDER_SETTINGS_STORE = Symbol.for('mandate.port.provider-settings-store');
