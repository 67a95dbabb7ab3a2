/**
 * Secrets an installation generates for itself on first use, when configuration supplies none
 * (token-service's key-encryption key). They are only as safe as the database that holds them.
 */
export interface InstallationSecretStore {
  /**
   * The secret stored under `name`; when there is none yet, stores `candidate` and answers it.
   * Replicas racing on first use all answer the one value that was stored.
   */
  getOrCreate(name: string, candidate: string): Promise<string>;
}
export const INSTALLATION_SECRET_STORE = Symbol.for('mandate.port.installation-secret-store');
