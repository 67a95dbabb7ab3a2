import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AgentType, DcrDeleteReply, DcrEndpoint, DcrReadRequest, DcrRegisterRequest, DcrUpdateRequest, ProviderSettings } from '@mandate/contracts';
import { randomToken } from '@mandate/crypto';
import { type ClientCreateExtras, CrestError, OAuthError, type Realm, ServerError, type StoredClient, realmIssuer } from '@mandate/oauth';
import { LOGGER, type Logger, issuerConfig, type IssuerConfig } from '@mandate/platform';
import type { DcrOperation, RequestProperties } from '@mandate/scripting';
import type { Actor } from '../admin/admin-access';
import { clientDefaults } from '../clients/client-config.defaults';
import { ClientSecretHasher } from '../clients/client-secret.hasher';
import { ClientService } from '../clients/client.service';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { type Sections, isRecord, sectionsOf } from '../realm-config/am-values';
import { RealmService } from '../realms/realm.service';
import { DCR_SCRIPT_FAILED, InvalidClientMetadataError, InvalidSoftwareStatementError, InvalidTokenError } from './dcr-errors';
import { ADVANCED, CORE } from './dcr-fields';
import { type DcrMetadata, parseDcrMetadata } from './dcr-metadata.parser';
import { applyScriptAttributes, toScriptAttributes } from './dcr-script-attributes';
import { DcrScriptRunner } from './dcr-script.runner';
import { toClientSections, toDcrProfile } from './dcr-sections.mapper';
import { RegistrationAccessTokens } from './registration-access-token.service';
import { type RegistrationAllowlists, checkAllowlists, registrationAllowlists } from './registration-allowlists';
import { RegistrationGate } from './registration-gate';
import { InitialAccessTokens } from '../initial-tokens/initial-access-token.service';
import { type IdempotentCreate, IdempotentReplies } from '../idempotency/idempotent-replies';

/** am-spec §11.1: `/register` registers OAuth2 clients, `/aiagent/register` AI agents. */
const TYPE_OF: Record<DcrEndpoint, AgentType> = { register: 'OAuth2Client', 'aiagent/register': 'AIAgent' };

type RequestContext = Pick<DcrRegisterRequest, 'realm' | 'endpoint' | 'params' | 'headers'> & { body?: unknown };

/**
 * Dynamic client registration (am-spec §11): RFC 7591 create, RFC 7592 read, update and delete,
 * and the provider's DCR script. Clients are written through the client registry (ClientService),
 * so they are validated, stored and announced (`registration.config.changed`) as admin edits are.
 *
 * The DCR script runs on the client as the operation leaves it, and the write happens only when
 * the script succeeded: a failing script answers 500 and leaves the registry as it was — no
 * half-registered client (the sandbox has no outside effects to undo).
 */
@Injectable()
export class DcrService {
  constructor(
    private readonly realms: RealmService,
    private readonly providers: ProviderSettingsService,
    private readonly clients: ClientService,
    private readonly hasher: ClientSecretHasher,
    private readonly gate: RegistrationGate,
    private readonly tokens: RegistrationAccessTokens,
    private readonly initialTokens: InitialAccessTokens,
    private readonly script: DcrScriptRunner,
    private readonly replies: IdempotentReplies,
    @Inject(issuerConfig.token) private readonly issuer: IssuerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * RFC 7591 §3: 201 with the client information; `client_id` and `client_secret` are always
   * generated. With an `Idempotency-Key`, a retry answers the first answer (IdempotentReplies).
   */
  async register(request: DcrRegisterRequest): Promise<Record<string, unknown>> {
    const realm = await this.realms.resolve(request.realm);
    const key = request.idempotencyKey;
    const idempotent = key === undefined ? undefined : this.replies.of(realm, request.endpoint, request.accessToken, key, { params: request.params, body: request.body });
    return this.replies.once(idempotent, keyReused, () => this.registerOnce(realm, request, idempotent));
  }

  private async registerOnce(realm: Realm, request: DcrRegisterRequest, idempotent: IdempotentCreate | undefined): Promise<Record<string, unknown>> {
    const type = TYPE_OF[request.endpoint];
    const provider = await this.providers.effective(realm);
    const right = await this.gate.requireRightToRegister(realm, provider, request.accessToken);
    const meta = parseDcrMetadata(request.body, type);
    const scopes = this.scopesFor(meta, provider);
    const clientId = randomUUID();
    const prepared = toClientSections(meta, scopes, clientDefaults(type));
    const { config, scripted } = await this.runScript('CREATE', realm, provider, type, clientId, prepared, this.context(request));
    // A private_key_jwt client proves itself with its keys: it is given no shared secret.
    const secret = config[CORE]['clientType'] === 'Public' || byKeys(config) ? undefined : randomToken();
    // RFC 7591 §3: one use of the initial access token per client written; another registration may have spent the last.
    if (right.initialAccessToken !== undefined && !(await this.initialTokens.consume(realm, right.initialAccessToken))) {
      throw new InvalidTokenError(undefined, 'initial access token spent or expired during the registration');
    }
    // The client, its registration access token and its idempotent answer are written in one transaction.
    const accessToken = provider.clientDynamicRegistrationConfig.generateRegistrationAccessTokens ? this.tokens.mint() : undefined;
    let answer: Record<string, unknown> = {};
    await this.write(realm, type, clientId, config, secret, true, scripted, (resource) => {
      answer = {
        ...toDcrProfile(clientId, sectionsOf(resource).sections),
        ...(secret !== undefined && { client_secret: secret }),
        ...(accessToken !== undefined && {
          registration_access_token: accessToken.token,
          registration_client_uri: this.clientUri(realm, request.endpoint, clientId),
        }),
      };
      return { registrationAccessTokenHash: accessToken?.hash, idempotentReply: idempotent && this.replies.record(idempotent, answer) };
    });
    this.logger.info({ realm: realm.path, clientId, type, outcome: 'registered' }, 'dynamic client registration');
    return answer;
  }

  /** RFC 7592 §2.1: the profile, without the secret, the registration access token and its URI (am-spec §11.4). */
  async read(request: DcrReadRequest): Promise<Record<string, unknown>> {
    const { client } = await this.authorized(request);
    return toDcrProfile(client.clientId, client.config);
  }

  /** RFC 7592 §2.2: replaces the registration metadata and answers a new registration access token. */
  async update(request: DcrUpdateRequest): Promise<Record<string, unknown>> {
    const { realm, client, type } = await this.authorized(request);
    const meta = parseDcrMetadata(request.body, type);
    if (meta.clientId !== undefined && meta.clientId !== client.clientId) throw new InvalidClientMetadataError('client_id: does not match the client being updated');
    if (meta.clientSecret !== undefined && !(await this.hasher.verify(client.secretHash, meta.clientSecret))) {
      throw new InvalidClientMetadataError('client_secret: does not match the issued client secret');
    }
    const provider = await this.providers.effective(realm);
    const scopes = this.scopesFor(meta, provider);
    const prepared = toClientSections(meta, scopes, client.config);
    const { config, scripted } = await this.runScript('UPDATE', realm, provider, type, client.clientId, prepared, this.context(request));
    // A client that becomes confidential without a secret is given one, shown this once.
    const secret = config[CORE]['clientType'] !== 'Public' && !byKeys(config) && client.secretHash === null ? randomToken() : undefined;
    const saved = await this.write(realm, type, client.clientId, config, secret, false, scripted);
    const registrationAccessToken = await this.tokens.issue(realm, client.clientId);
    this.logger.info({ realm: realm.path, clientId: client.clientId, type, outcome: 'updated' }, 'dynamic client registration');
    return {
      ...toDcrProfile(client.clientId, saved),
      ...(secret !== undefined && { client_secret: secret }),
      registration_access_token: registrationAccessToken,
      registration_client_uri: this.clientUri(realm, request.endpoint, client.clientId),
    };
  }

  /** RFC 7592 §2.3: 204; the client's application policies and registration access token go with it. */
  async remove(request: DcrReadRequest): Promise<DcrDeleteReply> {
    const { realm, client, type } = await this.authorized(request);
    const provider = await this.providers.effective(realm);
    await this.runScript('DELETE', realm, provider, type, client.clientId, client.config, this.context(request));
    await this.clients.remove(this.actor(realm), type, client.clientId);
    this.logger.info({ realm: realm.path, clientId: client.clientId, type, outcome: 'deleted' }, 'dynamic client registration');
    return { deleted: true };
  }

  /**
   * RFC 7592 §2: the registration access token of this client, registered through this endpoint.
   * An unknown client and a wrong token answer alike: 401 `invalid_token` (am-spec §11.4).
   */
  private async authorized(request: DcrReadRequest): Promise<{ realm: Realm; client: StoredClient; type: AgentType }> {
    const realm = await this.realms.resolve(request.realm);
    const type = TYPE_OF[request.endpoint];
    const tokenOk = await this.tokens.verify(realm, request.clientId, request.accessToken);
    const client = tokenOk ? await this.clients.find(realm, request.clientId) : undefined;
    if (!client || client.agentType !== type) {
      throw new InvalidTokenError(undefined, `registration access token refused for ${request.clientId} at ${request.endpoint}`);
    }
    return { realm, client, type };
  }

  /**
   * The scopes to register: those asked for, or the provider's default scopes when none were
   * (RFC 7591 §2); both, and the grant types, inside the provider's allowlists (issue 17).
   */
  private scopesFor(meta: DcrMetadata, provider: ProviderSettings): string[] {
    const config = provider.clientDynamicRegistrationConfig;
    // am-spec §11.2: software statements need a Software Publisher profile, which Mandate does not configure.
    if (meta.softwareStatement !== undefined) throw new InvalidSoftwareStatementError('Software statements are not accepted: no software publisher is configured');
    if (config.dynamicClientRegistrationSoftwareStatementRequired) throw new InvalidSoftwareStatementError('A software statement is required');
    const allowed = registrationAllowlists(provider);
    const scopes = meta.scopes ?? allowed.defaultScopes;
    checkAllowlists(scopes, meta.grantTypes, allowed);
    return scopes;
  }

  /** am-spec §11.5: runs the provider's DCR script; what it `store()`s is merged into the sections. */
  private async runScript(
    operation: DcrOperation,
    realm: Realm,
    provider: ProviderSettings,
    type: AgentType,
    clientId: string,
    config: Sections,
    requestProperties: RequestProperties,
  ): Promise<{ config: Sections; scripted: boolean }> {
    const before = toScriptAttributes(type, config);
    const clientIdentity = operation === 'DELETE' ? null : { name: clientId, isAIAgent: type === 'AIAgent', attributes: before };
    const result = await this.script.run(realm, provider, { operation, clientIdentity, requestProperties, softwareStatement: {} });
    if (!result?.stored || operation === 'DELETE') return { config, scripted: false };
    const applied = applyScriptAttributes(config, before, result.attributes);
    applied.problems.push(...beyondAllowlists(config, applied.config, registrationAllowlists(provider)));
    if (applied.problems.length) throw new ServerError(DCR_SCRIPT_FAILED, `DCR script stored bad values: ${applied.problems.join('; ')}`);
    if (applied.ignored.length) this.logger.info({ clientId, ignored: applied.ignored }, 'DCR script stored attributes no client setting holds');
    return { config: applied.config, scripted: true };
  }

  /** Through the registry: validated, stored (secret hashed), announced. Its refusal is ours or the script's fault: 500. */
  private async write(
    realm: Realm,
    type: AgentType,
    clientId: string,
    config: Sections,
    secret: string | undefined,
    create: boolean,
    scripted: boolean,
    extras?: (resource: Record<string, unknown>) => ClientCreateExtras,
  ): Promise<Sections> {
    const body = { ...config, [CORE]: { ...config[CORE], userpassword: secret ?? null } };
    try {
      const { resource } = await this.clients.put(this.actor(realm), type, clientId, body, create, extras);
      return sectionsOf(resource).sections;
    } catch (error) {
      if (!(error instanceof CrestError)) throw error;
      throw new ServerError(scripted ? DCR_SCRIPT_FAILED : undefined, `client ${clientId} not saved: ${error.description}`);
    }
  }

  private context(request: RequestContext): RequestProperties {
    const query = new URLSearchParams(Object.entries(request.params).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]))).toString();
    return {
      requestUri: `${this.issuerOf(request.realm)}/${request.endpoint}${query ? `?${query}` : ''}`,
      realm: request.realm,
      requestParams: request.params,
      requestHeaders: request.headers,
      requestBody: isRecord(request.body) ? request.body : {},
    };
  }

  private clientUri(realm: Realm, endpoint: DcrEndpoint, clientId: string): string {
    return `${this.issuerOf(realm.path)}/${endpoint}?client_id=${encodeURIComponent(clientId)}`;
  }

  private issuerOf(realmPath: string): string {
    return realmIssuer(this.issuer.AM_BASE_URL, realmPath);
  }

  private actor(realm: Realm): Actor {
    return { realm, by: 'id=dynamic-client-registration,ou=oauth2' };
  }
}

/**
 * The DCR script may narrow or widen a client's scopes and grant types, but only within what the
 * administrator allowed for registration (issue 17): what it adds beyond them is its fault.
 */
function beyondAllowlists(before: Sections, after: Sections, allowed: RegistrationAllowlists): string[] {
  const added = (section: string, fields: string[], allow: readonly string[]) => {
    const had = new Set(fields.flatMap((f) => strings(before[section]?.[f])));
    return [...new Set(fields.flatMap((f) => strings(after[section]?.[f])))].filter((v) => !had.has(v) && !allow.includes(v));
  };
  const scopes = added(CORE, ['scopes', 'defaultScopes'], allowed.scopes);
  const grants = added(ADVANCED, ['grantTypes'], allowed.grantTypes);
  return [
    ...(scopes.length ? [`scopes beyond the registration allowlist: ${scopes.join(' ')}`] : []),
    ...(grants.length ? [`grant types beyond the registration allowlist: ${grants.join(' ')}`] : []),
  ];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** draft-ietf-httpapi-idempotency-key-header §2.7: the key was used for another request. */
function keyReused(): OAuthError {
  return new OAuthError(422, 'invalid_request', 'Idempotency-Key was already used for a different request');
}

function byKeys(config: Sections): boolean {
  return config['advancedOAuth2ClientConfig']?.['tokenEndpointAuthMethod'] === 'private_key_jwt';
}
