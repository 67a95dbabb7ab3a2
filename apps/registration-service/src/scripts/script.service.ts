import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CrestQueryReply, CrestWriteReply, QueryFilter, ScriptView } from '@mandate/contracts';
import { CrestError, type Realm, SCRIPT_STORE, type ScriptStore, type StoredScript } from '@mandate/oauth';
import type { Actor } from '../admin/admin-access';
import { canonicalJson } from '../realm-config/am-values';
import { crestQuery } from '../realm-config/crest-query';
import { ConfigChangePublisher } from '../events/config-change.publisher';
import { type ScriptBody, parseScriptBody } from './script-body.parser';
import { IdempotentReplies, crestKeyReused } from '../idempotency/idempotent-replies';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Scripts REST (am-spec §12.3) and script lookups for the sandbox and for references. */
@Injectable()
export class ScriptService {
  constructor(
    @Inject(SCRIPT_STORE) private readonly scripts: ScriptStore,
    private readonly events: ConfigChangePublisher,
    private readonly replies: IdempotentReplies,
  ) {}

  /**
   * `POST /scripts?_action=create` → 201 with a new `_id` (UUID). With an `idempotencyKey`, a retry
   * by the same administrator answers the first script instead of failing on its name.
   */
  async create(actor: Actor, body: Record<string, unknown>, id: string = randomUUID(), idempotencyKey?: string): Promise<Record<string, unknown>> {
    const script = parseScriptBody(body);
    const idempotent = idempotencyKey === undefined ? undefined : this.replies.of(actor.realm, 'script', actor.by, idempotencyKey, body);
    return this.replies.once(idempotent, crestKeyReused, async () => {
      await this.refuseTakenName(actor.realm, script.name, id);
      const stored = await this.scripts.create(this.toWrite(actor, id, script), idempotent && ((saved) => this.replies.record(idempotent, toResource(saved))));
      if (!stored) throw CrestError.preconditionFailed(`Script ${id} already exists`);
      await this.changed(actor.realm, stored.id);
      return toResource(stored);
    });
  }

  async read(actor: Actor, id: string): Promise<Record<string, unknown>> {
    return toResource(await this.existing(actor.realm, id));
  }

  /** `PUT /scripts/{id}`: replaces, or creates with that id (`If-None-Match: *` → create only). */
  async put(actor: Actor, id: string, body: Record<string, unknown>, createOnly: boolean): Promise<CrestWriteReply> {
    if (!UUID.test(id)) throw CrestError.badRequest(`Invalid script id ${id}: script ids are UUIDs`);
    if (createOnly) return { created: true, resource: await this.create(actor, body, id.toLowerCase()) };
    const script = parseScriptBody(body);
    await this.refuseTakenName(actor.realm, script.name, id.toLowerCase());
    const current = await this.scripts.findById(actor.realm.id, id);
    if (current && canonicalJson(pickBody(current)) === canonicalJson(script)) return { created: false, resource: toResource(current) };
    const { script: stored, created } = await this.scripts.save(this.toWrite(actor, id, script));
    await this.changed(actor.realm, stored.id);
    return { created, resource: toResource(stored) };
  }

  /** AM answers a script delete with `{}`. A script that configuration references stays (409). */
  async remove(actor: Actor, id: string): Promise<Record<string, unknown>> {
    const script = await this.existing(actor.realm, id);
    const users = await this.scripts.references(actor.realm.id, script.id);
    if (users.length) {
      const names = users.map((u) => (u.ownerKind === 'provider' ? 'the OAuth2 provider' : `client ${u.ownerId}`));
      throw CrestError.conflict(`Script ${script.name} is in use by ${names.join(', ')}`);
    }
    await this.scripts.remove(actor.realm.id, script.id);
    await this.changed(actor.realm, script.id);
    return {};
  }

  async query(actor: Actor, filter: QueryFilter): Promise<CrestQueryReply> {
    return crestQuery((await this.scripts.list(actor.realm.id)).map(toResource), filter);
  }

  /** contract §2: a script reference names the script by `_id` or by `name`. */
  async resolve(realm: Realm, ref: string): Promise<StoredScript | undefined> {
    return (await this.scripts.findById(realm.id, ref)) ?? (await this.scripts.findByName(realm.id, ref));
  }

  async view(realm: Realm, ref: string): Promise<ScriptView | null> {
    const script = await this.resolve(realm, ref);
    if (!script) return null;
    return { _id: script.id, name: script.name, context: script.context, language: script.language, evaluatorVersion: script.evaluatorVersion, source: script.source };
  }

  private async existing(realm: Realm, id: string): Promise<StoredScript> {
    const script = await this.scripts.findById(realm.id, id);
    if (!script) throw CrestError.notFound(`Script ${id} not found`);
    return script;
  }

  private async refuseTakenName(realm: Realm, name: string, id: string): Promise<void> {
    const holder = await this.scripts.findByName(realm.id, name);
    if (holder && holder.id !== id.toLowerCase()) throw CrestError.conflict(`A script named ${name} already exists`);
  }

  private toWrite(actor: Actor, id: string, script: ScriptBody) {
    return { id: id.toLowerCase(), realmId: actor.realm.id, ...script, createdBy: actor.by, lastModifiedBy: actor.by };
  }

  private changed(realm: Realm, id: string) {
    return this.events.changed({ realm: realm.path, kind: 'script', id });
  }
}

function pickBody(s: StoredScript): ScriptBody {
  return { name: s.name, source: s.source, language: s.language as 'JAVASCRIPT', context: s.context, evaluatorVersion: s.evaluatorVersion, description: s.description };
}

/** The wire form: AM's script resource, source base64-encoded again. */
export function toResource(s: StoredScript): Record<string, unknown> {
  return {
    _id: s.id,
    _rev: String(s.rev),
    name: s.name,
    description: s.description,
    script: Buffer.from(s.source, 'utf8').toString('base64'),
    default: false,
    language: s.language,
    context: s.context,
    evaluatorVersion: s.evaluatorVersion,
    createdBy: s.createdBy,
    creationDate: s.creationDate,
    lastModifiedBy: s.lastModifiedBy,
    lastModifiedDate: s.lastModifiedDate,
  };
}
