import { Inject, Injectable } from '@nestjs/common';
import type { ActiveSession, AuthorizeReply, AuthorizeRequest, ClientView } from '@mandate/contracts';
import { InvalidRequestError, OAuthError } from '@mandate/oauth';
import { LOGGER, type Logger, RegistrationConfigClient, RealmIssuer } from '@mandate/platform';
import { AuthorizationCodeService } from '../codes/authorization-code.service';
import { AuthorizeRefusal } from '../steps/authorize-refusal';
import { ClientStep } from '../steps/client.step';
import { decideConsent } from '../steps/consent.step';
import { checkPkce } from '../steps/pkce.step';
import { checkRedirectUri } from '../steps/redirect-uri.step';
import { checkResponseType } from '../steps/response-type.step';
import { checkResources } from '../steps/resource.step';
import { checkScope } from '../steps/scope.step';
import { SessionStep } from '../steps/session.step';
import { type AuthorizeParams, parseAuthorizeParams, repeatedParams } from './authorize-params';
import { clientRedirect } from './client-redirect';

/**
 * `GET|POST oauth2/.../authorize` (am-spec §3, contract §3.9): the steps in order — client,
 * redirect URI, response type, scope, PKCE, session, consent — then a code. Until the client and
 * its redirect URI are trusted, errors are answered to the caller (400); after, they go to the
 * redirect URI with `error`, `error_description`, `state` and `iss` (RFC 6749 §4.1.2.1, RFC 9207).
 */
@Injectable()
export class AuthorizeService {
  constructor(
    private readonly config: RegistrationConfigClient,
    private readonly clients: ClientStep,
    private readonly sessions: SessionStep,
    private readonly codes: AuthorizationCodeService,
    private readonly issuer: RealmIssuer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async authorize(request: AuthorizeRequest): Promise<AuthorizeReply> {
    const params = parseAuthorizeParams(request);
    const repeated = repeatedParams(request);
    let client: ClientView;
    let redirectUri: string;
    try {
      client = await this.clients.check(request.realm, params.clientId, repeated);
      redirectUri = checkRedirectUri(client, params.redirectUri, repeated);
    } catch (error) {
      if (error instanceof AuthorizeRefusal) return this.refused(request.realm, params.clientId, error.error);
      throw error;
    }
    try {
      return await this.decide(request, params, repeated, client, redirectUri);
    } catch (error) {
      if (error instanceof AuthorizeRefusal) return this.refused(request.realm, client.clientId, error.error);
      if (error instanceof OAuthError && error.status < 500) {
        this.audit(request.realm, client.clientId, 'error', error);
        return { kind: 'redirect', location: this.respond(request.realm, redirectUri, params, { error: error.code, error_description: error.description }) };
      }
      throw error;
    }
  }

  private async decide(request: AuthorizeRequest, params: AuthorizeParams, repeated: string[], client: ClientView, redirectUri: string): Promise<AuthorizeReply> {
    const { realm } = request;
    if (repeated.length) throw new InvalidRequestError(`Parameters sent more than once: ${repeated.join(' ')}`);
    checkResponseType(client, params.responseType);
    const provider = await this.config.provider(realm);
    const scopes = checkScope(client, provider, params.scope);
    const resources = checkResources(client, request.resources);
    const pkce = checkPkce(client, provider, params.codeChallenge, params.codeChallengeMethod);
    const session = await this.sessions.check(realm, request.ssoToken);
    if (!session || !request.ssoToken) {
      // OpenID Connect Core §3.1.2.6: prompt=none never shows a page.
      if ((params.prompt ?? '').split(' ').includes('none')) throw new OAuthError(400, 'login_required', 'The user is not signed in');
      this.audit(realm, client.clientId, 'login');
      return { kind: 'login' };
    }
    const consent = decideConsent({ client, provider, decision: params.decision, csrf: params.csrf, prompt: params.prompt, ssoToken: request.ssoToken, browser: request.browser });
    if (consent === 'ask') {
      this.audit(realm, client.clientId, 'consent');
      return { kind: 'consent', prompt: { clientId: client.clientId, clientName: client.clientName[0] || client.clientId, scopes, username: session.username, ...documentHosts(client) } };
    }
    if (consent === 'denied') {
      this.audit(realm, client.clientId, 'denied', undefined, session);
      return { kind: 'redirect', location: this.respond(realm, redirectUri, params, { error: 'access_denied', error_description: 'Resource owner did not authorize the request' }) };
    }
    const code = await this.codes.issue({ realm, client, redirectUriSent: params.redirectUri, scopes, resources, pkce, nonce: params.nonce, session });
    this.audit(realm, client.clientId, 'code', undefined, session);
    return { kind: 'redirect', location: this.respond(realm, redirectUri, params, { code }) };
  }

  /** RFC 6749 §4.1.2 and RFC 9207: the response parameters, then `state` if sent, then `iss`. */
  private respond(realm: string, redirectUri: string, params: AuthorizeParams, response: Record<string, string>): string {
    return clientRedirect(redirectUri, { ...response, state: params.state, iss: this.issuer.of(realm) });
  }

  private refused(realm: string, clientId: string | undefined, error: OAuthError): AuthorizeReply {
    this.audit(realm, clientId, 'refused', error);
    return { kind: 'refused', status: error.status, error: error.code, errorDescription: error.description };
  }

  /** One audit line per outcome; never a code, token or state value. */
  private audit(realm: string, clientId: string | undefined, outcome: string, error?: OAuthError, session?: ActiveSession): void {
    this.logger.info(
      { event: 'authorize', realm, clientId, outcome, error: error?.code, reason: error?.detail ?? error?.description, userId: session?.userId },
      `authorize ${outcome}`,
    );
  }
}

/**
 * draft-ietf-oauth-client-id-metadata-document §6.2 (phishing): the consent page names the host
 * the client's document was fetched from, which the client cannot choose freely, beside the
 * `client_uri` host it claims.
 */
function documentHosts(client: ClientView): { clientIdHost?: string; clientUriHost?: string } {
  if (!client.metadataDocument) return {};
  const host = (url: string | undefined) => (url !== undefined && URL.canParse(url) ? new URL(url).host : undefined);
  const clientUriHost = host(client.metadataDocument.clientUri);
  return { clientIdHost: host(client.clientId), ...(clientUriHost !== undefined && { clientUriHost }) };
}
