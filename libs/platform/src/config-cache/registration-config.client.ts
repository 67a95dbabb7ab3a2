import { Injectable } from '@nestjs/common';
import { type ApplicationPolicyView, type AssertionEndpoint, type ClientView, type ProviderSettings, type ScriptView, Messages } from '@mandate/contracts';
import { RpcClient } from '../rpc/rpc.client';
import { ConfigCaches } from './config-caches';

/**
 * What services read of registration-service's configuration, cached per process until a
 * change event drops it. Client secrets are checked by registration-service
 * (`authenticateClient`), never cached.
 */
@Injectable()
export class RegistrationConfigClient {
  private readonly clients;
  private readonly providers;
  private readonly scripts;
  private readonly policies;

  constructor(
    private readonly rpc: RpcClient,
    caches: ConfigCaches,
  ) {
    // Effective client values are derived from the provider's: a provider change drops them.
    this.clients = caches.create<ClientView | null>({ kind: 'client', dropRealmOn: ['provider'] });
    this.providers = caches.create<ProviderSettings>({ kind: 'provider' });
    // Looked up by _id or by name: any script change drops the realm's scripts.
    this.scripts = caches.create<ScriptView | null>({ dropRealmOn: ['script'] });
    // Effective permissions come from the application's scopes; deleting a client removes its policies.
    this.policies = caches.create<ApplicationPolicyView | null>({ kind: 'policy', dropRealmOn: ['client'] });
  }

  /** The client (with its secret hash), or null. */
  client(realm: string, clientId: string): Promise<ClientView | null> {
    return this.clients.get(realm, clientId, () => this.rpc.request(Messages.registration.clientGet, { realm, clientId }));
  }

  provider(realm: string): Promise<ProviderSettings> {
    return this.providers.get(realm, 'oauth-oidc', () => this.rpc.request(Messages.registration.providerGet, { realm }));
  }

  script(realm: string, ref: string): Promise<ScriptView | null> {
    return this.scripts.get(realm, ref, () => this.rpc.request(Messages.registration.scriptGet, { realm, ref }));
  }

  policy(realm: string, agentId: string, audience: string): Promise<ApplicationPolicyView | null> {
    return this.policies.get(realm, `${agentId}/${audience}`, () =>
      this.rpc.request(Messages.registration.policyGet, { realm, agentId, audience }),
    );
  }

  /** Checks a client secret; InvalidClientError (401) when it does not match. */
  authenticateClient(realm: string, clientId: string, secret: string): Promise<ClientView> {
    return this.rpc.request(Messages.registration.clientAuthenticate, { realm, clientId, secret });
  }

  /** `private_key_jwt`: registration-service checks the assertion and spends its `jti`; never cached. */
  authenticateAssertion(realm: string, clientId: string, assertion: string, endpoint: AssertionEndpoint): Promise<ClientView> {
    return this.rpc.request(Messages.registration.clientAuthenticateAssertion, { realm, clientId, assertion, endpoint });
  }
}
