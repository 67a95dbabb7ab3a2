import { Inject, Injectable } from '@nestjs/common';
import type { ApplicationPolicyView, TokenResponse } from '@mandate/contracts';
import { LOGGER, type Logger, RegistrationConfigClient, RpcClient, RealmIssuer } from '@mandate/platform';
import type { GrantContext, GrantHandler } from '../grants/grant-handler';
import { TokenIssuer } from '../issuance/token-issuer.service';
import { KeyService } from '../keys/key.service';
import { IdJagIssuer } from './id-jag.issuer';
import { type TokenSubject, plainSubject } from '../issuance/token-subject';
import { TokenResolver } from '../tokens/token-resolver.service';
import { actorChain, nestAct } from './actor-chain.step';
import { ActorStatus } from './actor-status';
import { ApplicationPolicyStep } from './application-policy.step';
import { checkAuthLevel } from './auth-level.step';
import { RESOURCE_PARAMETER, requestedResources } from '../grants/grant-resources';
import { exchangedAudience } from './audience.step';
import { type ExchangeAuditRecord, auditExchange } from './exchange-audit';
import { exchangeRefused } from './exchange-refusal';
import { type ExchangeRequest, parseExchangeRequest } from './exchange-request.parser';
import { exchangeScopes } from './exchange-scope.step';
import { authoriseByMayAct, mayActNaming } from './may-act.step';
import { type PresentedTokens, PresentedTokensStep } from './presented-tokens.step';
import { type TokenExchangeConfig, tokenExchangeConfig } from './token-exchange.config';
import { ACCESS_TOKEN_TYPE, ID_JAG_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from './token-types';
import { checkTokenTypes } from './token-types.step';
import { UserDirectory } from './user-directory';

/** How an exchange was authorised (contract §3.3), and what that puts into the new token. */
interface Authorisation {
  path: 'may_act' | 'policy';
  /** The new token's `act` (none for an impersonation). */
  act?: Record<string, unknown>;
  /** The policy path's selected application policies. */
  policies?: ApplicationPolicyView[];
  /** The granted scopes, checked before the authorisation decision (contract §3.6: invalid_scope on every path). */
  scopes: string[];
}

/**
 * RFC 8693 token exchange on `access_token` (am-spec §5), the ordered pipeline of am-spec §5.3.
 * Step 1 (grant enabled for provider and acting client, client authenticated) and the required
 * `subject_token`/`subject_token_type` are the endpoint's; the rest is one named step each:
 * request syntax, token types, presented tokens, auth level, authorisation (`may_act`, or the
 * AI agent's application policy), audience, scope, then issuance with lineage. One audit event
 * per outcome; every authorisation failure answers `Invalid token exchange.` (contract §3.6).
 */
@Injectable()
export class TokenExchangeGrant implements GrantHandler {
  readonly grantType = TOKEN_EXCHANGE_GRANT;
  readonly required = ['subject_token', 'subject_token_type'] as const;
  /** am-spec §5.1: `audience` repeats (RFC 8693 §2.1); so does `resource` (RFC 8707 §2). */
  readonly repeatable = ['audience', RESOURCE_PARAMETER] as const;

  private readonly presented: PresentedTokensStep;
  private readonly policies: ApplicationPolicyStep;
  private readonly actors: ActorStatus;
  private readonly maxDepth: number;
  private readonly idJag: IdJagIssuer;

  constructor(
    private readonly issuer: TokenIssuer,
    resolver: TokenResolver,
    config: RegistrationConfigClient,
    rpc: RpcClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(tokenExchangeConfig.token) exchangeConfig: TokenExchangeConfig,
    keys: KeyService,
    realmIssuer: RealmIssuer,
  ) {
    const users = new UserDirectory(rpc);
    this.presented = new PresentedTokensStep(resolver);
    this.policies = new ApplicationPolicyStep(config, users);
    this.actors = new ActorStatus(config, new UserDirectory(rpc, 0));
    this.maxDepth = exchangeConfig.MANDATE_MAX_DELEGATION_DEPTH;
    this.idJag = new IdJagIssuer(this.presented, users, keys, realmIssuer);
  }

  async handle(context: GrantContext): Promise<TokenResponse> {
    const audit: ExchangeAuditRecord = { realm: context.realm, client: context.client.clientId };
    try {
      const response = await this.exchange(context, audit);
      auditExchange(this.logger, audit);
      return response;
    } catch (error) {
      auditExchange(this.logger, audit, error);
      throw error;
    }
  }

  private async exchange(context: GrantContext, audit: ExchangeAuditRecord): Promise<TokenResponse> {
    const { realm, client } = context;
    const request = parseExchangeRequest(context); // am-spec §5.3 step 2
    // draft-ietf-oauth-identity-assertion-authz-grant §4.3: an ID-JAG for another authorization server.
    if (request.requestedTokenType === ID_JAG_TOKEN_TYPE) {
      audit.path = 'id-jag';
      return this.idJag.issue(context, request, context.provider);
    }
    checkTokenTypes(request); // step 3
    const tokens = await this.presented.resolve(realm, request); // step 4
    audit.subject = plainSubject(tokens.subject.sub);
    // Should the exchange be refused from here on, its event names for whom, and through whom it was asked.
    if (context.refusalAudit) {
      context.refusalAudit.subject = plainSubject(tokens.subject.sub);
      context.refusalAudit.actors = [...(tokens.actor ? [tokens.actor.sub] : []), ...actorChain(tokens.subject.claims.act)];
      context.refusalAudit.parentGrantIds = [...new Set([tokens.subject.authGrantId, ...(tokens.actor ? [tokens.actor.authGrantId] : [])])];
    }
    checkAuthLevel(client, tokens.subject); // contract §3.5
    const authorisation = await this.authorise(context, request, tokens); // step 5
    audit.path = authorisation.path;
    audit.actors = actorChain(authorisation.act);
    const aud = exchangedAudience(client, request.audiences, authorisation.policies); // step 6
    // RFC 8693 §2.1: `resource` narrows the audience as `audience` does; each must be on the client's allow-list (RFC 8707).
    const resources = requestedResources(context);
    audit.audience = resources.length ? [...(aud ?? []), ...resources] : (aud ?? [client.clientId]);
    const scopes = authorisation.scopes; // step 7, checked inside authorise
    audit.scope = scopes;
    const { subject, actor } = tokens;
    const issued = await this.issuer.issue({
      // step 8: the acting client's may-act script runs in the issuer (am-spec §5.8)
      realm,
      client,
      subject: subjectOf(subject.claims),
      scopes,
      grantType: TOKEN_EXCHANGE_GRANT,
      // Lineage: revoking the subject or actor token, or their grants, revokes this grant too.
      parents: {
        grantIds: [...new Set([subject.authGrantId, ...(actor ? [actor.authGrantId] : [])])],
        jtis: [subject.jti, ...(actor ? [actor.jti] : [])],
      },
      policies: authorisation.policies?.map((policy) => `${policy.agentId}/${policy.applicationId}`),
      // contract §3.3: the may_act path refreshes when the client's issueRefreshToken is on; the policy path never.
      // Not gated on the client's refresh_token grant: seed 002's agent registers with client_credentials and
      // token exchange only, and its exchange answers a refresh token.
      refresh: authorisation.path === 'may_act',
      carried: { act: authorisation.act, aud: resources.length && aud ? [...aud, ...resources] : aud },
      resources: { access: resources, grant: resources },
      notAfter: subject.exp, // contract §3.5: never outlive the subject token
      requestParams: context.lists,
      dpop: context.dpop,
      issuedTokenType: ACCESS_TOKEN_TYPE,
    });
    audit.authGrantId = String(issued.accessClaims.authGrantId);
    return issued.response;
  }

  /**
   * contract §3.3: either the subject token's `may_act` names the acting client (AM 8.1), or
   * the acting AI agent has application policies for the requested audiences (AIC). When
   * `may_act` names the client, its rules decide.
   */
  private async authorise(context: GrantContext, request: ExchangeRequest, tokens: PresentedTokens): Promise<Authorisation> {
    const { realm, client } = context;
    const mayAct = mayActNaming(tokens.subject.claims, client.clientId);
    if (mayAct) {
      // contract §3.6: a scope outside the client's answers invalid_scope whatever the decision would be.
      const scopes = exchangeScopes(context);
      const decision = authoriseByMayAct(mayAct, tokens);
      if (decision.mode === 'impersonation') return { path: 'may_act', scopes };
      const problem = await this.actors.problem(realm, decision.actor);
      if (problem) throw exchangeRefused(problem);
      return { path: 'may_act', scopes, act: nestAct(decision.actor, tokens.subject.claims.act, this.maxDepth) };
    }
    const policies = await this.policies.select(realm, client, request.audiences);
    if (policies.length === 0) throw exchangeRefused(`the subject token's may_act does not name ${client.clientId}, and no application policy of it matches the audience`);
    const scopes = exchangeScopes(context, policies);
    await this.policies.authorise(realm, client.clientId, policies, tokens);
    // am-spec §5.9: the agent is always the actor on this path, even without an actor token.
    return { path: 'policy', policies, scopes, act: nestAct(client.clientId, tokens.subject.claims.act, this.maxDepth) };
  }
}

/** am-spec §5.5: `sub`, `auth_level` and `auth_time` carry over from the subject token; tokens with an `auth_level` are users'. */
function subjectOf(claims: Record<string, unknown>): TokenSubject {
  const id = String(claims.sub);
  if (typeof claims.auth_level !== 'number') return { type: 'age', id };
  return { type: 'usr', id, authLevel: claims.auth_level, authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined };
}
