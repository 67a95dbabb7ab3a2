import { Inject, Injectable } from '@nestjs/common';
import type { AssertionEndpoint, ClientView } from '@mandate/contracts';
import { CLIENT_STORE, type ClientStore, InvalidClientError, REPLAY_STORE, type Realm, type ReplayStore, realmUrlSegment } from '@mandate/oauth';
import { issuerConfig, type IssuerConfig } from '@mandate/platform';
import { isClientIdUrl } from '../client-metadata/client-id-url';
import { toClientView } from '../clients/client-view.mapper';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { ASSERTION_SKEW_SECONDS, verifyClientAssertion } from './client-assertion.validator';
import { ClientKeys, type KeyLocation } from './client-keys';

/** The path of each endpoint under the realm's issuer: an assertion's `aud` may be its URL. */
const ENDPOINT_PATHS: Record<AssertionEndpoint, string> = {
  token: '/access_token',
  introspect: '/introspect',
  revoke: '/token/revoke',
  'bc-authorize': '/bc-authorize',
};

/**
 * `private_key_jwt` (RFC 7523 §2.2, OIDC Core §9): a client whose `tokenEndpointAuthMethod` is
 * `private_key_jwt` authenticates with a JWT it signed with a key of its `jwkSet` or `jwksUri`;
 * the assertion is checked (verifyClientAssertion) and its `jti` spent in the replay table that
 * every replica shares. Every failure is 401 `invalid_client`.
 */
@Injectable()
export class ClientAssertions {
  constructor(
    @Inject(CLIENT_STORE) private readonly clients: ClientStore,
    @Inject(REPLAY_STORE) private readonly replay: ReplayStore,
    private readonly provider: ProviderSettingsService,
    private readonly keys: ClientKeys,
    @Inject(issuerConfig.token) private readonly issuer: IssuerConfig,
  ) {}

  async authenticate(realm: Realm, clientId: string, assertion: string, endpoint: AssertionEndpoint): Promise<ClientView> {
    if (isClientIdUrl(clientId)) throw new InvalidClientError(`client metadata document client ${clientId.split('?')[0]} sent a client assertion`);
    const client = await this.clients.find(realm.id, clientId);
    if (!client) throw new InvalidClientError(`unknown client ${clientId} in ${realm.path}`);
    const view = toClientView(realm, client, await this.provider.effective(realm), false);
    if (view.status !== 'Active') throw new InvalidClientError(`client ${clientId} is inactive`);
    if (view.tokenEndpointAuthMethod !== 'private_key_jwt') throw new InvalidClientError(`client ${clientId} authenticates with ${view.tokenEndpointAuthMethod}, not private_key_jwt`);
    const issuer = `${this.issuer.AM_BASE_URL}/oauth2${realmUrlSegment(realm.path)}`;
    const keys = this.keys.resolver((client.config['signEncOAuth2ClientConfig'] ?? {}) as KeyLocation, clientId);
    const { jti, exp } = await verifyClientAssertion(assertion, { clientId, audiences: [issuer, `${issuer}${ENDPOINT_PATHS[endpoint]}`], keys });
    // Kept while the assertion could still pass (exp plus the skew allowed on it).
    if (!(await this.replay.claim(`client-assertion:${realm.id}:${clientId}`, jti, new Date((exp + ASSERTION_SKEW_SECONDS) * 1000)))) {
      throw new InvalidClientError(`client assertion jti ${jti} of ${clientId} was already used`);
    }
    return view;
  }
}
