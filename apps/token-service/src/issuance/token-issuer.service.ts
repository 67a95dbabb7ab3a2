import { Inject, Injectable } from '@nestjs/common';
import type { TokenResponse } from '@mandate/contracts';
import { randomToken, sha256Base64url } from '@mandate/crypto';
import { type NewGrant, type NewToken, TOKEN_STORE, type TokenStore, remainingSeconds } from '@mandate/oauth';
import { AuditRecorder, MandateMetrics, RegistrationConfigClient, RealmIssuer } from '@mandate/platform';
import { issuanceEvent, tokenAudit } from '../audit/token-audit';
import type { IssueRequest } from './issue-request';
import { MayActStamper } from './may-act.stamper';
import { buildClaims, newAuditTrackingId } from './token-claims';
import { JwtTokenFormat, OpaqueTokenFormat, REFERENCE_BYTES, type TokenFormat } from './token-format';
import { plainSubject } from './token-subject';
import { actorChain } from '../token-exchange/actor-chain.step';

/** What an issuance produced: the wire response, and the access token's claims for the caller's audit line. */
export interface Issued {
  response: TokenResponse;
  accessClaims: Record<string, unknown>;
}


/**
 * Mints the tokens of one grant: claims, may_act stamp, format (per client), the grant record
 * and the server-side rows, then the token response in AM's shape.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly config: RegistrationConfigClient,
    private readonly stamper: MayActStamper,
    private readonly issuer: RealmIssuer,
    private readonly opaque: OpaqueTokenFormat,
    private readonly jwt: JwtTokenFormat,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    private readonly metrics: MandateMetrics,
    private readonly audit: AuditRecorder,
  ) {}

  async issue(request: IssueRequest, grantExists = false): Promise<Issued> {
    const { client, realm } = request;
    const provider = await this.config.provider(realm);
    const format: TokenFormat = client.statelessTokensEnabled ? this.jwt : this.opaque;
    const nowMs = Date.now();
    const iat = Math.floor(nowMs / 1000);
    const authGrantId = request.authGrantId ?? randomToken(REFERENCE_BYTES);
    const issuer = this.issuer.of(realm);

    const accessExp = Math.min(iat + client.accessTokenLifetime, request.notAfter ?? Number.MAX_SAFE_INTEGER);
    const access = buildClaims(
      request,
      issuer,
      'access_token',
      { jti: randomToken(REFERENCE_BYTES), authGrantId, auditTrackingId: newAuditTrackingId() },
      { iat, exp: accessExp, lifetime: client.accessTokenLifetime },
      format.name === 'jwt',
    );
    const mayAct = await this.stamper.mayAct(request, access);
    if (mayAct) access.may_act = mayAct;

    const accessValue = await format.mint(realm, access, provider);
    const rows: NewToken[] = [];
    if (format.name === 'opaque') rows.push(this.row(accessValue, access, request, 'access_token', 'opaque', accessExp));

    let refreshValue: string | undefined;
    let refreshExp = accessExp;
    if (request.refresh && client.issueRefreshToken) {
      // contract §3.5: a capped grant's refresh token ends with it too (an exchanged token never outlives its subject).
      refreshExp = Math.min(iat + client.refreshTokenLifetime, request.notAfter ?? Number.MAX_SAFE_INTEGER);
      const refresh = buildClaims(
        request,
        issuer,
        'refresh_token',
        { jti: randomToken(REFERENCE_BYTES), authGrantId, auditTrackingId: newAuditTrackingId() },
        { iat, exp: refreshExp, lifetime: client.refreshTokenLifetime },
        format.name === 'jwt',
      );
      if (mayAct) refresh.may_act = mayAct;
      refreshValue = await format.mint(realm, refresh, provider);
      rows.push(this.row(refreshValue, refresh, request, 'refresh_token', format.name, refreshExp));
    }

    // A grant row is written only when something refers to it: stored tokens (foreign key), a
    // refresh token's family, an exchange's lineage. A client-credentials JWT needs none, so it
    // costs no database write (its revocation is by jti, on the denylist).
    const needsGrantRow = rows.length > 0 || (request.parents?.grantIds.length ?? 0) + (request.parents?.jtis.length ?? 0) > 0 || request.authGrantId !== undefined;
    const grant: NewGrant | undefined = grantExists || !needsGrantRow
      ? undefined
      : {
          authGrantId,
          realm,
          clientId: client.clientId,
          subject: request.subject.id,
          parentGrantIds: request.parents?.grantIds ?? [],
          parentJtis: request.parents?.jtis ?? [],
          expiresAt: new Date(Math.max(accessExp, refreshExp) * 1000),
          // The lineage view of the grant (GET json/.../delegations/{authGrantId}).
          details: {
            scope: request.scopes,
            ...(access.aud !== undefined ? { aud: access.aud } : {}),
            ...(isObject(access.act) ? { act: access.act } : {}),
            ...(request.policies?.length ? { policies: request.policies } : {}),
          },
          actors: actorChain(access.act).map(plainSubject),
        };
    // Issue 20: the issuance's audit event is written by the statement that records the tokens.
    const event = this.audit.build({
      realm,
      event: issuanceEvent(request.grantType),
      outcome: 'success',
      ...tokenAudit(access),
      parentGrantIds: request.parents?.grantIds ?? [],
    });
    await this.store.issue(grant, rows, [event]);
    this.audit.written();
    this.metrics.tokenIssued({ grantType: request.grantType, clientType: client.agentType, format: format.name });

    // AM's key order (am-spec §4.3, §5.2): access, refresh, issued type, scope, type, expiry.
    const response = {
      access_token: accessValue,
      ...(refreshValue ? { refresh_token: refreshValue } : {}),
      ...(request.issuedTokenType ? { issued_token_type: request.issuedTokenType } : {}),
      scope: request.scopes.join(' '),
      token_type: request.dpop ? 'DPoP' : 'Bearer',
      expires_in: remainingSeconds(accessExp, nowMs),
    } satisfies TokenResponse;
    return { response, accessClaims: access };
  }

  private row(
    value: string,
    claims: Record<string, unknown>,
    request: IssueRequest,
    kind: NewToken['kind'],
    format: NewToken['format'],
    exp: number,
  ): NewToken {
    return {
      tokenHash: sha256Base64url(value),
      jti: claims.jti as string,
      kind,
      format,
      realm: request.realm,
      clientId: request.client.clientId,
      authGrantId: claims.authGrantId as string,
      claims,
      expiresAt: new Date(exp * 1000),
    };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
