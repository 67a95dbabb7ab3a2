import { Inject, Injectable } from '@nestjs/common';
import type { AgentType, ClientView, CrestQueryReply, CrestWriteReply, QueryFilter } from '@mandate/contracts';
import { CLIENT_STORE, type ClientCreateExtras, type ClientStore, CrestError, InvalidClientError, type Realm, type StoredClient } from '@mandate/oauth';
import type { Actor } from '../admin/admin-access';
import { ClientMetadataDocuments } from '../client-metadata/client-metadata-documents.service';
import { isClientIdUrl } from '../client-metadata/client-id-url';
import { ConfigChangePublisher } from '../events/config-change.publisher';
import { canonicalJson } from '../realm-config/am-values';
import { crestQuery } from '../realm-config/crest-query';
import { invalidAttributes } from '../realm-config/invalid-attribute';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { ScriptReferencesResolver } from '../scripts/script-references.resolver';
import { CLIENT_SCRIPT_FIELDS, parseClientBody } from './client-config.parser';
import { ClientSecretHasher } from './client-secret.hasher';
import { toClientResource, toClientView } from './client-view.mapper';

/** am-spec §13.2: client ids are letters, digits, `-` and `_`. */
const CLIENT_ID = /^[A-Za-z0-9_-]{1,255}$/;
const LABEL: Record<AgentType, string> = { OAuth2Client: 'OAuth2 client', AIAgent: 'AI agent' };

/**
 * OAuth2 clients and AI agents (`realm-config/agents/{OAuth2Client|AIAgent}`, am-spec §13.1-13.2)
 * and the lookups other services make of them.
 */
@Injectable()
export class ClientService {
  /** Verified against when a client is unknown, so that unknown and known ids cost the same time. */
  private decoy?: Promise<string>;

  constructor(
    @Inject(CLIENT_STORE) private readonly clients: ClientStore,
    private readonly hasher: ClientSecretHasher,
    private readonly provider: ProviderSettingsService,
    private readonly references: ScriptReferencesResolver,
    private readonly events: ConfigChangePublisher,
    private readonly documents: ClientMetadataDocuments,
  ) {}

  async read(actor: Actor, type: AgentType, id: string): Promise<Record<string, unknown>> {
    return toClientResource(await this.existing(actor.realm, type, id));
  }

  /**
   * PUT creates or replaces (omitted settings reset, the secret is kept); `If-None-Match: *` → create
   * only (412). A create writes `extras(resource)` beside the client, in its transaction.
   */
  async put(
    actor: Actor,
    type: AgentType,
    id: string,
    body: Record<string, unknown>,
    createOnly: boolean,
    extras?: (resource: Record<string, unknown>) => ClientCreateExtras,
  ): Promise<CrestWriteReply> {
    if (!CLIENT_ID.test(id)) throw CrestError.badRequest(`Invalid client id ${id}: use letters, digits, - and _ only`);
    const { config, secret } = parseClientBody(type, body);
    const { ids, problems } = await this.references.resolve(actor.realm, config, CLIENT_SCRIPT_FIELDS);
    if (problems.length) throw invalidAttributes(problems);

    const current = await this.clients.find(actor.realm.id, id);
    if (actor.owner) ownerMaySet(current, config, secret, createOnly, actor.owner);
    if (current && createOnly) throw CrestError.preconditionFailed(`${LABEL[current.agentType]} ${id} already exists`);
    if (current && current.agentType !== type) throw CrestError.conflict(`Client id ${id} is taken by an ${LABEL[current.agentType]}`);
    const isPublic = config['coreOAuth2ClientConfig']['clientType'] === 'Public';
    // A private_key_jwt client proves itself with its keys (RFC 7523 §2.2): no shared secret is needed.
    const byKeys = config['advancedOAuth2ClientConfig']['tokenEndpointAuthMethod'] === 'private_key_jwt';
    if (!current && !isPublic && !secret && !byKeys) throw invalidAttributes(['coreOAuth2ClientConfig.userpassword is required for a Confidential client']);

    const secretHash = isPublic ? null : typeof secret === 'string' ? await this.secretHashFor(secret, current) : (current?.secretHash ?? null);
    const write = { realmId: actor.realm.id, clientId: id, agentType: type, secretHash, config, scriptRefs: ids };
    // Re-applying the same configuration (an unchanged import) writes nothing and announces nothing.
    if (current && !createOnly && secretHash === current.secretHash && canonicalJson([config, [...new Set(ids)].sort()]) === canonicalJson([current.config, current.scriptRefs])) {
      return { created: false, resource: toClientResource(current) };
    }
    let saved: StoredClient;
    let created: boolean;
    if (createOnly) {
      const inserted = await this.clients.create(write, extras?.(toClientResource({ ...write, rev: 1 })));
      if (!inserted) throw CrestError.preconditionFailed(`${LABEL[type]} ${id} already exists`);
      [saved, created] = [inserted, true];
    } else {
      ({ client: saved, created } = await this.clients.save(write));
    }
    await this.changed(actor.realm, id);
    return { created, resource: toClientResource(saved) };
  }

  /** DELETE answers the deleted client; its application policies go with it. */
  async remove(actor: Actor, type: AgentType, id: string): Promise<Record<string, unknown>> {
    await this.existing(actor.realm, type, id);
    const removed = await this.clients.remove(actor.realm.id, id);
    if (!removed) throw CrestError.notFound(`${LABEL[type]} ${id} not found`);
    await this.changed(actor.realm, id);
    return toClientResource(removed);
  }

  async query(actor: Actor, type: AgentType, filter: QueryFilter): Promise<CrestQueryReply> {
    return crestQuery((await this.clients.list(actor.realm.id, type)).map(toClientResource), filter);
  }

  /**
   * `registration.client.get`: the internal view, secret hash included; null when unknown. A
   * URL `client_id` is a client ID metadata document's client (ClientMetadataDocuments).
   */
  async view(realm: Realm, clientId: string): Promise<ClientView | null> {
    if (isClientIdUrl(clientId)) return this.documents.view(realm, clientId);
    const client = await this.clients.find(realm.id, clientId);
    return client ? toClientView(realm, client, await this.provider.effective(realm), true) : null;
  }

  /** `registration.client.authenticate`: contract §3.8, every failure is `invalid_client`. */
  async authenticate(realm: Realm, clientId: string, secret: string): Promise<ClientView> {
    // draft-ietf-oauth-client-id-metadata-document §4.1: such a client has no secret to send.
    if (isClientIdUrl(clientId)) throw new InvalidClientError(`client metadata document client ${clientId.split('?')[0]} sent a secret`);
    const client = await this.clients.find(realm.id, clientId);
    if (!client) {
      await this.hasher.verify(await this.decoyHash(), secret);
      throw new InvalidClientError(`unknown client ${clientId} in ${realm.path}`);
    }
    const view = toClientView(realm, client, await this.provider.effective(realm), false);
    if (view.clientType === 'Public') throw new InvalidClientError(`public client ${clientId} sent a secret`);
    if (view.tokenEndpointAuthMethod === 'private_key_jwt') {
      await this.hasher.verify(await this.decoyHash(), secret);
      throw new InvalidClientError(`client ${clientId} authenticates with private_key_jwt, not a secret`);
    }
    if (!(await this.hasher.verify(client.secretHash, secret))) throw new InvalidClientError(`wrong secret for ${clientId}`);
    if (view.status !== 'Active') throw new InvalidClientError(`client ${clientId} is inactive`);
    return view;
  }

  /** Whether `username` is among the AI agent's `owners` (issue 20 item 4). */
  async isOwner(realm: Realm, agentId: string, username: string): Promise<boolean> {
    const agent = await this.clients.find(realm.id, agentId);
    const owners = agent?.agentType === 'AIAgent' ? agent.config['coreOAuth2ClientConfig']?.['owners'] : undefined;
    return Array.isArray(owners) && owners.includes(username);
  }

  /** The client of either type, for application policies. */
  find(realm: Realm, clientId: string): Promise<StoredClient | undefined> {
    return this.clients.find(realm.id, clientId);
  }

  private async existing(realm: Realm, type: AgentType, id: string): Promise<StoredClient> {
    const client = await this.clients.find(realm.id, id);
    if (!client || client.agentType !== type) throw CrestError.notFound(`${LABEL[type]} ${id} not found`);
    return client;
  }

  /** The stored hash when it already matches the secret (so an unchanged secret is not re-hashed), else a new one. */
  private async secretHashFor(secret: string, current: StoredClient | undefined): Promise<string> {
    if (current?.secretHash && (await this.hasher.verify(current.secretHash, secret))) return current.secretHash;
    return this.hasher.hash(secret);
  }

  private decoyHash(): Promise<string> {
    return (this.decoy ??= this.hasher.hash('decoy secret for unknown clients'));
  }

  private changed(realm: Realm, id: string) {
    return this.events.changed({ realm: realm.path, kind: 'client', id });
  }
}

/**
 * An owner who is not amadmin may set their agent Inactive and change nothing else (issue 20
 * item 4): the body must be the stored configuration with `status: "Inactive"`.
 */
function ownerMaySet(current: StoredClient | undefined, config: Record<string, Record<string, unknown>>, secret: unknown, createOnly: boolean, owner: string): void {
  const refused = CrestError.forbidden(`User, ${owner}, may only set the AI agent Inactive.`);
  if (!current || createOnly || typeof secret === 'string') throw refused;
  const expected = structuredClone(current.config);
  expected['coreOAuth2ClientConfig'] = { ...expected['coreOAuth2ClientConfig'], status: 'Inactive' };
  if (config['coreOAuth2ClientConfig']?.['status'] !== 'Inactive' || canonicalJson(config) !== canonicalJson(expected)) throw refused;
}
