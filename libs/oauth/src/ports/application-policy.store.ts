/** An AI agent's policy for one resource application (contract §2). */
export interface StoredApplicationPolicy {
  realmId: string;
  agentId: string;
  applicationId: string;
  subjects: string[];
  subjectGroups: string[];
  permissions: string[];
  rev: number;
}

export type ApplicationPolicyWrite = Omit<StoredApplicationPolicy, 'rev'>;

/** Storage port for application policies; they go with their agent and their application. */
export interface ApplicationPolicyStore {
  find(realmId: string, agentId: string, applicationId: string): Promise<StoredApplicationPolicy | undefined>;
  list(realmId: string, agentId: string): Promise<StoredApplicationPolicy[]>;
  create(policy: ApplicationPolicyWrite): Promise<StoredApplicationPolicy | undefined>;
  save(policy: ApplicationPolicyWrite): Promise<{ policy: StoredApplicationPolicy; created: boolean }>;
  remove(realmId: string, agentId: string, applicationId: string): Promise<StoredApplicationPolicy | undefined>;
}
export const APPLICATION_POLICY_STORE = Symbol.for('mandate.port.application-policy-store');
