import { Inject, Injectable } from '@nestjs/common';
import type { IntrospectReply, IntrospectRequest } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import { ClientAuthenticator, LOGGER, type Logger, RealmClient } from '@mandate/platform';
import { TokenStateClient } from '../tokens/token-state.client';
import { mayIntrospect } from './introspection-access';
import { toIntrospection } from './introspection-response';

const INACTIVE = { active: false } as const;

/**
 * RFC 7662 `POST introspect` (am-spec §7): the client authenticates (401 `invalid_client`
 * otherwise), names a token, and learns about it only if it may (§7.2). Anything it may not
 * see, and anything not live, is `{"active": false}`, without saying why (RFC 7662 §2.2).
 */
@Injectable()
export class IntrospectionService {
  constructor(
    private readonly realms: RealmClient,
    private readonly clients: ClientAuthenticator,
    private readonly tokens: TokenStateClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async introspect(request: IntrospectRequest): Promise<IntrospectReply> {
    const { path: realm } = await this.realms.resolve(request.realm);
    const client = await this.clients.authenticate(realm, request.clientAuth, 'introspect'); // am-spec §7.1
    if (!request.token) throw new InvalidRequestError('Missing parameters: token');
    const state = await this.tokens.resolve(realm, request.token);
    // One audit line per outcome, never a token value (STYLE habit 11); the reason is log-only.
    const audit = { event: 'token_introspected', realm, client: client.clientId };
    if (!state.active || !mayIntrospect(client, state.claims)) {
      this.logger.info({ ...audit, active: false, reason: state.active ? 'not_permitted' : 'not_live' }, 'token introspected');
      return INACTIVE;
    }
    this.logger.info({ ...audit, active: true, tokenClient: state.claims.client_id, authGrantId: state.claims.authGrantId }, 'token introspected');
    return toIntrospection(state.claims, Date.now());
  }
}
