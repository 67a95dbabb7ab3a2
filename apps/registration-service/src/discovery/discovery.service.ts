import { DPOP_SIGNING_ALGORITHMS } from '@mandate/crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DiscoveryDocument, DiscoveryGetRequest } from '@mandate/contracts';
import { GrantTypes, IMPLEMENTED_GRANT_TYPES, realmIssuer } from '@mandate/oauth';
import { issuerConfig, type IssuerConfig } from '@mandate/platform';
import { CLIENT_ASSERTION_ALGORITHMS } from '../client-assertions/client-assertion.validator';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { RealmService } from '../realms/realm.service';

/**
 * OpenID Connect Discovery 1.0 and RFC 8414 metadata of a realm's provider. The issuer comes
 * from AM_BASE_URL, never from the request's Host header (contract §1).
 */
@Injectable()
export class DiscoveryService {
  constructor(
    private readonly realms: RealmService,
    private readonly providers: ProviderSettingsService,
    @Inject(issuerConfig.token) private readonly config: IssuerConfig,
  ) {}

  async document(request: DiscoveryGetRequest): Promise<DiscoveryDocument> {
    const realm = await this.realms.resolve(request.realm);
    const issuer = realmIssuer(this.config.AM_BASE_URL, realm.path);
    const provider = await this.providers.effective(realm);
    // Truthful metadata (RFC 8414 §2): what this realm's provider enables, of what Mandate implements.
    const grants = IMPLEMENTED_GRANT_TYPES.filter((g) => provider.advancedOAuth2Config.grantTypes.includes(g));
    const pkceMethods = provider.advancedOAuth2Config.plainPkceEnabled === true ? ['S256', 'plain'] : ['S256'];
    const common = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/access_token`,
      introspection_endpoint: `${issuer}/introspect`,
      revocation_endpoint: `${issuer}/token/revoke`,
      registration_endpoint: `${issuer}/register`,
      jwks_uri: `${issuer}/connect/jwk_uri`,
      grant_types_supported: grants,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      // `none`: public clients (RFC 7591 §2, registered by DCR) send only client_id, with PKCE.
      // `private_key_jwt` (RFC 7523 §2.2); not `client_secret_jwt`: secrets are kept only as argon2id hashes, so an HS256 assertion cannot be checked.
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      introspection_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      revocation_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
      code_challenge_methods_supported: pkceMethods,
      authorization_response_iss_parameter_supported: true,
      // draft-ietf-oauth-client-id-metadata-document §5: an https URL client_id names its metadata document.
      client_id_metadata_document_supported: true,
      // RFC 9449 §5.1: the token endpoint binds tokens to the key of a DPoP proof signed with one of these.
      dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGORITHMS],
    };
    // OpenID CIBA Core 1.0 §4: only where the provider enables the grant.
    const ciba = grants.includes(GrantTypes.ciba)
      ? {
          backchannel_authentication_endpoint: `${issuer}/bc-authorize`,
          backchannel_token_delivery_modes_supported: ['poll', 'ping'],
          backchannel_user_code_parameter_supported: false,
        }
      : {};
    if (request.document === 'oauth') return { ...common, ...ciba };
    return {
      ...common,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      version: '3.0',
      ...ciba,
    };
  }
}
