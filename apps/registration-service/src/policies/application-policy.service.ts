import { Inject, Injectable } from '@nestjs/common';
import type { ApplicationPolicyView, CrestQueryReply, CrestWriteReply, QueryFilter } from '@mandate/contracts';
import { APPLICATION_POLICY_STORE, type ApplicationPolicyStore, CrestError, type Realm, type StoredApplicationPolicy } from '@mandate/oauth';
import type { Actor } from '../admin/admin-access';
import { ClientService } from '../clients/client.service';
import { ConfigChangePublisher } from '../events/config-change.publisher';
import { canonicalJson } from '../realm-config/am-values';
import { crestQuery } from '../realm-config/crest-query';
import { invalidAttributes } from '../realm-config/invalid-attribute';
import { parsePolicyBody } from './policy-body.parser';

/**
 * An AI agent's application policies (`realm-config/agents/AIAgent/{id}/applications/{appClientId}`,
 * contract §2, am-spec §5.9): which users and groups the agent may act for at which application,
 * with which scopes.
 */
@Injectable()
export class ApplicationPolicyService {
  constructor(
    @Inject(APPLICATION_POLICY_STORE) private readonly policies: ApplicationPolicyStore,
    private readonly clients: ClientService,
    private readonly events: ConfigChangePublisher,
  ) {}

  async read(actor: Actor, agentId: string, applicationId: string): Promise<Record<string, unknown>> {
    await this.agent(actor.realm, agentId);
    return toResource(await this.existing(actor.realm, agentId, applicationId));
  }

  async put(actor: Actor, agentId: string, applicationId: string, body: Record<string, unknown>, createOnly: boolean): Promise<CrestWriteReply> {
    await this.agent(actor.realm, agentId);
    const parsed = parsePolicyBody(body);
    if (applicationId === agentId) throw invalidAttributes([`applicationId must name a resource application, not the agent ${agentId} itself`]);
    if (!(await this.clients.find(actor.realm, applicationId))) throw invalidAttributes([`applicationId names no client of realm ${actor.realm.path}: ${applicationId}`]);
    const write = { realmId: actor.realm.id, agentId, applicationId, ...parsed };
    const current = createOnly ? undefined : await this.policies.find(actor.realm.id, agentId, applicationId);
    if (current && canonicalJson([current.subjects, current.subjectGroups, current.permissions]) === canonicalJson([parsed.subjects, parsed.subjectGroups, parsed.permissions])) {
      return { created: false, resource: toResource(current) };
    }
    let saved: StoredApplicationPolicy;
    let created = true;
    if (createOnly) {
      const inserted = await this.policies.create(write);
      if (!inserted) throw CrestError.preconditionFailed(`AI agent ${agentId} already has a policy for ${applicationId}`);
      saved = inserted;
    } else {
      ({ policy: saved, created } = await this.policies.save(write));
    }
    await this.changed(actor.realm, agentId, applicationId);
    return { created, resource: toResource(saved) };
  }

  async remove(actor: Actor, agentId: string, applicationId: string): Promise<Record<string, unknown>> {
    await this.agent(actor.realm, agentId);
    const removed = await this.policies.remove(actor.realm.id, agentId, applicationId);
    if (!removed) throw CrestError.notFound(`AI agent ${agentId} has no policy for ${applicationId}`);
    await this.changed(actor.realm, agentId, applicationId);
    return toResource(removed);
  }

  async query(actor: Actor, agentId: string, filter: QueryFilter): Promise<CrestQueryReply> {
    await this.agent(actor.realm, agentId);
    return crestQuery((await this.policies.list(actor.realm.id, agentId)).map(toResource), filter);
  }

  /** `registration.policy.get`: the policy selected by the exchange's `audience`, or null. */
  async view(realm: Realm, agentId: string, audience: string): Promise<ApplicationPolicyView | null> {
    const policy = await this.policies.find(realm.id, agentId, audience);
    if (!policy) return null;
    const application = await this.clients.find(realm, audience);
    const applicationScopes = (application?.config['coreOAuth2ClientConfig']?.['scopes'] as string[] | undefined) ?? [];
    return {
      agentId,
      applicationId: audience,
      subjects: policy.subjects,
      subjectGroups: policy.subjectGroups,
      permissions: policy.permissions,
      // contract §2: empty permissions mean every scope of the resource application.
      effectivePermissions: policy.permissions.length ? policy.permissions : applicationScopes,
    };
  }

  private async agent(realm: Realm, agentId: string) {
    const agent = await this.clients.find(realm, agentId);
    if (!agent || agent.agentType !== 'AIAgent') throw CrestError.notFound(`AI agent ${agentId} not found`);
    return agent;
  }

  private async existing(realm: Realm, agentId: string, applicationId: string) {
    const policy = await this.policies.find(realm.id, agentId, applicationId);
    if (!policy) throw CrestError.notFound(`AI agent ${agentId} has no policy for ${applicationId}`);
    return policy;
  }

  private changed(realm: Realm, agentId: string, applicationId: string) {
    return this.events.changed({ realm: realm.path, kind: 'policy', id: `${agentId}/${applicationId}` });
  }
}

function toResource(p: StoredApplicationPolicy): Record<string, unknown> {
  return { _id: p.applicationId, _rev: String(p.rev), subjects: p.subjects, subjectGroups: p.subjectGroups, permissions: p.permissions };
}
