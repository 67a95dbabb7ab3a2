import { Inject, Injectable } from '@nestjs/common';
import type {
  IdentityCreateRequest,
  IdentityDeleteRequest,
  IdentityQueryReply,
  IdentityQueryRequest,
  IdentityReadRequest,
  IdentityReplaceRequest,
  IdentityResource,
} from '@mandate/contracts';
import { CrestError, GROUP_STORE, type Group, type GroupStore, type IdentityWriteResult, USER_STORE, type UserStore, crestQueryResult } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, RealmClient, adminChange } from '@mandate/platform';
import { IdentityAccess, expectedRevision } from './identity-access';

/** A group's name: 1–255 letters, digits and `_.@-`, starting with a letter or digit. */
export const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,254}$/;

/**
 * am-spec §14, contract §2: `/json/realms/.../groups`, body `{"username": "<group>",
 * "uniqueMember": ["<username>", ...]}` (AM's `{"members": {"uniqueMember": [...]}}` too).
 * A group's name is its `_id`. Administrators only.
 */
@Injectable()
export class GroupService {
  constructor(
    @Inject(GROUP_STORE) private readonly groups: GroupStore,
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly access: IdentityAccess,
    private readonly realms: RealmClient,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  async create(request: IdentityCreateRequest): Promise<IdentityResource> {
    const admin = await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    const name = groupName(request.body, request.id);
    const group = await this.groups.create(realm, name, await this.memberIds(realm, request.body));
    if (!group) throw CrestError.conflict(`Identity ${name} already exists`);
    this.logger.info({ audit: 'authn.group.created', realm, group: name }, 'group created');
    await this.audit.record(adminChange(realm, admin.session.userId, 'create', `groups/${name}`));
    return groupResource(group);
  }

  async read(request: IdentityReadRequest): Promise<IdentityResource> {
    await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    return groupResource((await this.groups.find(realm, request.id)) ?? notFound(request.id));
  }

  /** `PUT` replaces the member list. */
  async replace(request: IdentityReplaceRequest): Promise<IdentityResource> {
    const admin = await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    const name = groupName(request.body, request.id);
    if (name.toLowerCase() !== request.id.toLowerCase()) throw CrestError.badRequest('The name of a group cannot be changed');
    const result = await this.groups.replace(realm, request.id, await this.memberIds(realm, request.body), expectedRevision(request.ifMatch));
    const done = written(result, request.id);
    this.logger.info({ audit: 'authn.group.replaced', realm, group: request.id }, 'group replaced');
    await this.audit.record(adminChange(realm, admin.session.userId, 'replace', `groups/${request.id}`));
    return groupResource(done);
  }

  async delete(request: IdentityDeleteRequest): Promise<IdentityResource> {
    const admin = await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    const result = await this.groups.delete(realm, request.id, expectedRevision(request.ifMatch));
    const done = written(result, request.id);
    this.logger.info({ audit: 'authn.group.deleted', realm, group: request.id }, 'group deleted');
    await this.audit.record(adminChange(realm, admin.session.userId, 'delete', `groups/${request.id}`));
    return groupResource(done);
  }

  async query(request: IdentityQueryRequest): Promise<IdentityQueryReply> {
    await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    return crestQueryResult((await this.groups.query(realm, request.filter)).map(groupResource));
  }

  /** Members are users of the same realm, named by username or `_id`. */
  private async memberIds(realm: string, body: Record<string, unknown>): Promise<string[]> {
    const members = body['members'];
    const listed = body['uniqueMember'] ?? (typeof members === 'object' && members !== null ? (members as Record<string, unknown>)['uniqueMember'] : undefined);
    if (listed === undefined) return [];
    if (!Array.isArray(listed) || listed.some((m) => typeof m !== 'string' || !m)) throw CrestError.badRequest('uniqueMember must be a list of usernames');
    const ids: string[] = [];
    for (const member of new Set(listed as string[])) {
      const user = await this.users.find(realm, member);
      if (!user) throw CrestError.badRequest(`Unknown member: ${member}`);
      ids.push(user.id);
    }
    return ids;
  }
}

function groupName(body: Record<string, unknown>, id: string | undefined): string {
  const name = body['username'] ?? id;
  if (typeof name !== 'string' || !GROUP_NAME.test(name)) throw CrestError.badRequest('Invalid group name');
  if (id !== undefined && name.toLowerCase() !== id.toLowerCase()) throw CrestError.badRequest('The username in the body does not match the resource id');
  return name;
}

function groupResource(group: Group): IdentityResource {
  return { _id: group.name, _rev: String(group.revision), username: group.name, realm: group.realm, uniqueMember: group.members };
}

function notFound(id: string): never {
  throw CrestError.notFound(`Identity ${id} not found`);
}

function written(result: IdentityWriteResult<Group>, id: string): Group {
  if (result.status === 'missing') notFound(id);
  if (result.status === 'stale') throw CrestError.preconditionFailed('The resource revision does not match If-Match');
  return result.value;
}
