import { Injectable } from '@nestjs/common';
import type { AssertionEndpoint, ClientAuth, ClientView } from '@mandate/contracts';
import { VerifiedSecrets } from '@mandate/crypto';
import { InvalidClientError, MandateError } from '@mandate/oauth';
import { RegistrationConfigClient } from './registration-config.client';

/**
 * Client authentication at the token, introspection and revocation endpoints (am-spec §1.2,
 * contract §3.8). `client_secret_basic` and `client_secret_post` clients may use either
 * method; a `private_key_jwt` client sends a signed assertion (RFC 7523 §2.2), which
 * registration-service checks against the client's keys for `endpoint`; a public client
 * identifies itself by `client_id` alone. Every failure is 401 `invalid_client`, with
 * `WWW-Authenticate` when the client tried HTTP Basic.
 */
@Injectable()
export class ClientAuthenticator {
  /**
   * A secret that registration-service verified (argon2id) is matched here by a keyed hash on
   * its next use: no argon2 run and no NATS round trip per token request. The key holds the
   * stored hash, so a changed secret (or a changed client: the cache drops it) never matches.
   */
  private readonly verified = new VerifiedSecrets();

  constructor(private readonly config: RegistrationConfigClient) {}

  async authenticate(realm: string, auth: ClientAuth | undefined, endpoint: AssertionEndpoint = 'token'): Promise<ClientView> {
    if (!auth) throw new InvalidClientError('the request identifies no client');
    const usedBasic = auth.method === 'client_secret_basic';
    if (auth.method === 'private_key_jwt') {
      if (auth.assertion === undefined) throw new InvalidClientError('private_key_jwt without a client_assertion');
      try {
        return await this.config.authenticateAssertion(realm, auth.clientId, auth.assertion, endpoint);
      } catch (error) {
        if (error instanceof MandateError && error.code === 'invalid_client') throw new InvalidClientError(error.detail ?? 'client assertion refused');
        throw error;
      }
    }
    if (auth.secret !== undefined) {
      const known = await this.config.client(realm, auth.clientId);
      const memoKey = known?.secretHash ? `${realm}\u0000${auth.clientId}\u0000${known.secretHash}` : undefined;
      if (known && memoKey && known.status === 'Active' && this.verified.matches(memoKey, auth.secret)) return known;
      try {
        const client = await this.config.authenticateClient(realm, auth.clientId, auth.secret);
        if (memoKey) this.verified.remember(memoKey, auth.secret);
        return client;
      } catch (error) {
        if (error instanceof MandateError && error.code === 'invalid_client') throw new InvalidClientError(error.detail ?? 'secret refused', usedBasic);
        throw error;
      }
    }
    const client = await this.config.client(realm, auth.clientId);
    if (!client) throw new InvalidClientError(`no client ${auth.clientId} in ${realm}`, usedBasic);
    if (client.status !== 'Active') throw new InvalidClientError(`client ${auth.clientId} is inactive`, usedBasic);
    if (client.clientType !== 'Public') throw new InvalidClientError(`confidential client ${auth.clientId} sent no secret`, usedBasic);
    return client;
  }
}
