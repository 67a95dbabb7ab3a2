import { Inject, Injectable } from '@nestjs/common';
import { type TokenResponse, Messages } from '@mandate/contracts';
import { verifyCodeVerifier } from '@mandate/crypto';
import { GrantTypes, InvalidGrantError, TOKEN_STORE, type TokenStore, isValidCodeVerifier, narrowResources } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, RpcClient } from '@mandate/platform';
import { TokenIssuer } from '../issuance/token-issuer.service';
import { RESOURCE_PARAMETER, requestedResources } from './grant-resources';
import { type GrantContext, type GrantHandler, requiredParam } from './grant-handler';
import { holdsRefreshGrant } from './refresh-issuance';

/**
 * RFC 6749 §4.1.3, am-spec §4.4: redeems a code once (authorize-service consumes it
 * atomically). The code must have been issued to this client, `redirect_uri` must equal the one
 * sent to /authorize, and PKCE must verify (RFC 7636 §4.6). A replayed code answers
 * `invalid_grant` and revokes every token of its grant (contract §3.7). Scopes come from the
 * code; a `scope` parameter is ignored (am-spec §4.2).
 */
@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = GrantTypes.authorizationCode;
  readonly required = ['code'] as const;
  readonly repeatable = [RESOURCE_PARAMETER] as const;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly rpc: RpcClient,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  async handle(context: GrantContext): Promise<TokenResponse> {
    const { realm, client, params } = context;
    const resources = requestedResources(context);
    const redeemed = await this.rpc.request(Messages.authorize.codeConsume, { realm, code: requiredParam(context, 'code') });
    if (redeemed.outcome === 'replayed') {
      // RFC 6749 §4.1.2 / RFC 9700 §4.5: a code used twice may be stolen; its tokens go too.
      await this.store.revokeByGrantId(redeemed.authGrantId);
      this.logger.warn({ realm, client: client.clientId, event: 'code_replayed' }, 'authorization code replayed: its grant is revoked');
      await this.audit.record({ realm, event: 'token_revoked', outcome: 'success', client: client.clientId, authGrantId: redeemed.authGrantId, reason: 'authorization code replayed: its grant is revoked' });
      throw new InvalidGrantError('authorization code replayed');
    }
    if (redeemed.outcome === 'invalid') throw new InvalidGrantError('unknown or expired authorization code');
    const { grant } = redeemed;
    if (grant.clientId !== client.clientId) throw new InvalidGrantError(`code issued to ${grant.clientId}`);
    if (grant.redirectUri !== null && params.redirect_uri !== grant.redirectUri) throw new InvalidGrantError('redirect_uri differs from the authorization request');
    this.checkPkce(grant.codeChallenge, grant.codeChallengeMethod, params.code_verifier);
    const issued = await this.issuer.issue({
      realm,
      client,
      subject: { type: 'usr', id: grant.userId, username: grant.username, authLevel: grant.authLevel, authTime: grant.authTime },
      scopes: grant.scopes,
      grantType: this.grantType,
      authGrantId: grant.authGrantId,
      refresh: holdsRefreshGrant(context),
      resources: codeResources(resources, grant.resources),
      requestParams: context.lists,
      dpop: context.dpop,
    });
    return issued.response;
  }

  private checkPkce(challenge: string | null, method: 'S256' | 'plain' | null, verifier: string | undefined): void {
    if (challenge === null) {
      // RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a downgrade attempt.
      if (verifier !== undefined) throw new InvalidGrantError('code_verifier sent for a code without code_challenge');
      return;
    }
    if (verifier === undefined || !isValidCodeVerifier(verifier)) throw new InvalidGrantError('missing or malformed code_verifier');
    if (!verifyCodeVerifier(verifier, challenge, method ?? 'plain')) throw new InvalidGrantError('code_verifier does not match');
  }
}

/**
 * RFC 8707 §2.2: the code is bound to the resources its authorization request named. The token
 * request may name some of them (the access token is for those), or none (for all of them); one
 * outside them is `invalid_target`. The grant (and so every refresh) keeps the authorized ones.
 * A code issued for no resource leaves the choice to the token request, as before RFC 8707.
 */
function codeResources(requested: string[], authorized: readonly string[]): { access: string[]; grant: string[] } {
  if (authorized.length === 0) return { access: requested, grant: requested };
  return { access: narrowResources(requested, authorized), grant: [...authorized] };
}
