import { Injectable } from '@nestjs/common';
import { type TokenResponse, Messages } from '@mandate/contracts';
import { GrantTypes, InvalidGrantError, InvalidScopeError, InvalidTargetError } from '@mandate/oauth';
import { RegistrationConfigClient, RpcClient } from '@mandate/platform';
import { TokenIssuer } from '../issuance/token-issuer.service';
import type { TokenSubject } from '../issuance/token-subject';
import { UserDirectory } from '../token-exchange/user-directory';
import { RESOURCE_PARAMETER, requestedResources } from './grant-resources';
import { type GrantContext, type GrantHandler, requiredParam } from './grant-handler';
import { requestedScopes } from './grant-scopes';

/**
 * RFC 7523 §2.1: `assertion`, a JWT from one of the realm's trusted issuers, checked by
 * registration-service (`registration.jwt-bearer.verify`: keys, `aud`, `exp`, single use); the
 * token is about the user (by username) or AI agent the assertion names. A `scope` claim bounds
 * the scopes, a `resource` claim the resources, a `client_id` claim (ID-JAG) must be the requesting client. Anything wrong with the
 * assertion or its subject is `invalid_grant`; no refresh token (the assertion is the grant).
 */
@Injectable()
export class JwtBearerGrant implements GrantHandler {
  readonly grantType = GrantTypes.jwtBearer;
  readonly repeatable = [RESOURCE_PARAMETER] as const;
  readonly required = ['assertion'] as const;
  private readonly users: UserDirectory;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly rpc: RpcClient,
    private readonly config: RegistrationConfigClient,
  ) {
    this.users = new UserDirectory(rpc, 0);
  }

  async handle(context: GrantContext): Promise<TokenResponse> {
    const verified = await this.rpc.request(Messages.registration.jwtBearerVerify, { realm: context.realm, assertion: requiredParam(context, 'assertion'), clientId: context.client.clientId });
    if (verified.clientId !== undefined && verified.clientId !== context.client.clientId) {
      throw new InvalidGrantError(`assertion was issued to ${verified.clientId}, not ${context.client.clientId}`);
    }
    let scopes = requestedScopes(context);
    if (verified.scopes) {
      const beyond = scopes.filter((s) => !verified.scopes!.includes(s));
      if (beyond.length && context.params.scope !== undefined) throw new InvalidScopeError(`the assertion does not grant ${beyond.join(' ')}`);
      scopes = scopes.filter((s) => verified.scopes!.includes(s));
    }
    const subject = await this.subjectOf(context.realm, verified.subjectType, verified.subject);
    const resources = requestedResources(context);
    // An ID-JAG's `resource` bounds the resources the token may be for.
    const outside = verified.resources ? resources.filter((r) => !verified.resources!.includes(r)) : [];
    if (outside.length) throw new InvalidTargetError(`the assertion is not for ${outside.join(' ')}`);
    const issued = await this.issuer.issue({
      realm: context.realm,
      client: context.client,
      subject,
      scopes,
      grantType: this.grantType,
      refresh: false,
      resources: { access: resources, grant: resources },
      requestParams: context.lists,
    });
    return issued.response;
  }

  private async subjectOf(realm: string, type: 'user' | 'agent', id: string): Promise<TokenSubject> {
    if (type === 'agent') {
      const agent = await this.config.client(realm, id);
      if (!agent || agent.agentType !== 'AIAgent' || agent.status !== 'Active') throw new InvalidGrantError(`assertion subject ${id} is no active AI agent of ${realm}`);
      return { type: 'age', id };
    }
    const user = await this.users.lookup(realm, id);
    if (!user || !user.active) throw new InvalidGrantError(`assertion subject ${id} is no active user of ${realm}`);
    return { type: 'usr', id: user.userId, username: user.username, authLevel: 0, authTime: Math.floor(Date.now() / 1000) };
  }
}
