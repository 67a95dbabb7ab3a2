import { Inject, Injectable } from '@nestjs/common';
import type { ClientView, ProviderSettings, TokenGrantRequest } from '@mandate/contracts';
import { DpopNonces, randomToken, verifyDpopProof } from '@mandate/crypto';
import { INSTALLATION_SECRET_STORE, type InstallationSecretStore, InvalidDpopProofError, REPLAY_STORE, type ReplayStore } from '@mandate/oauth';
import { dpopConfig, type DpopConfig } from './dpop.config';

/** The key a request proved it holds: its tokens are bound to it (`cnf.jkt`, `token_type: DPoP`). */
export interface DpopBinding {
  jkt: string;
}

/**
 * RFC 9449 at the token endpoint: exactly one proof, valid (`verifyDpopProof`), its `jti` used
 * once across every replica (`ReplayStore`), and a server nonce when the provider asks for one
 * (`advancedOAuth2Config.requireDpopNonce`). A client that must use DPoP
 * (`advancedOAuth2ClientConfig.dpopBoundAccessTokens`, DCR's `dpop_bound_access_tokens`) without a
 * proof is refused with `invalid_dpop_proof`.
 */
@Injectable()
export class DpopValidator {
  private nonces?: Promise<DpopNonces>;

  constructor(
    @Inject(REPLAY_STORE) private readonly replay: ReplayStore,
    @Inject(INSTALLATION_SECRET_STORE) private readonly secrets: InstallationSecretStore,
    @Inject(dpopConfig.token) private readonly config: DpopConfig,
  ) {}

  async validate(realm: string, request: TokenGrantRequest['dpop'], client: ClientView, provider: ProviderSettings): Promise<DpopBinding | undefined> {
    if (!request || request.proofs.length === 0) {
      if (requiresDpop(client)) throw new InvalidDpopProofError('DPoP proof required', `${client.clientId} requires DPoP`);
      return undefined;
    }
    if (request.proofs.length !== 1) throw new InvalidDpopProofError('Exactly one DPoP proof is allowed', `${request.proofs.length} DPoP headers`);
    const now = Math.floor(Date.now() / 1000);
    // The token endpoint is POST only (a GET is 405 at the gateway): `htm` is the request's method.
    const proof = await verifyDpopProof(request.proofs[0], { method: request.htm, url: request.htu, now, windowSeconds: this.config.MANDATE_DPOP_PROOF_WINDOW_S });
    if (provider.advancedOAuth2Config['requireDpopNonce'] === true) (await this.nonceKeys()).require(realm, proof, now);
    // A proof stays acceptable for the window either side of its iat: remember its jti that long.
    const expiresAt = new Date((proof.iat + this.config.MANDATE_DPOP_PROOF_WINDOW_S * 2) * 1000);
    if (!(await this.replay.claim(`dpop:${proof.jkt}`, proof.jti, expiresAt))) throw new InvalidDpopProofError('DPoP proof replayed', `jti ${proof.jti} already used`);
    return { jkt: proof.jkt };
  }

  private nonceKeys(): Promise<DpopNonces> {
    this.nonces ??= this.secrets
      .getOrCreate('dpop-nonce-key', randomToken(32))
      .then((key) => new DpopNonces(Buffer.from(key, 'base64url'), this.config.MANDATE_DPOP_NONCE_LIFETIME_S))
      .catch((error: unknown) => {
        this.nonces = undefined;
        throw error;
      });
    return this.nonces;
  }
}

/** The client's own switch (AM-style name beside DCR's `dpop_bound_access_tokens`). */
export function requiresDpop(client: ClientView): boolean {
  return client.config['advancedOAuth2ClientConfig']?.['dpopBoundAccessTokens'] === true;
}
