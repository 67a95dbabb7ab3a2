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
import { CrestError, type IdentityWriteResult, USER_STORE, type User, type UserStore, crestQueryResult } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, RealmClient, adminChange } from '@mandate/platform';
import { PasswordHasher } from '../passwords/password-hasher';
import { ADMIN_USERNAME, isAdministrator } from '../sessions/sso-session.service';
import { IdentityAccess, expectedRevision, notAuthorized } from './identity-access';
import { checkUsername, parseUserBody, userResource } from './user-resource';

/** am-spec §14: `/json/realms/.../users`. Administrators manage users; a user may read itself. */
@Injectable()
export class UserService {
  constructor(
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly access: IdentityAccess,
    private readonly realms: RealmClient,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  /** `_action=create` → 201; a taken username → 409. */
  async create(request: IdentityCreateRequest): Promise<IdentityResource> {
    const admin = await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    const body = parseUserBody(request.body);
    if (request.id !== undefined && body.username !== undefined && body.username !== request.id) {
      throw CrestError.badRequest('The username in the body does not match the resource id');
    }
    const username = body.username ?? request.id;
    if (!username) throw CrestError.badRequest('username is required');
    checkUsername(username);
    const passwordHash = body.password === undefined ? null : await this.hasher.hash(body.password);
    const user = await this.users.create({ realm, username, attributes: body.attributes, passwordHash });
    if (!user) throw CrestError.conflict(`Identity ${username} already exists`);
    this.logger.info({ audit: 'authn.user.created', realm, username, userId: user.id }, 'user created');
    await this.audit.record(adminChange(realm, admin.session.userId, 'create', `users/${username}`));
    return userResource(user);
  }

  async read(request: IdentityReadRequest): Promise<IdentityResource> {
    const caller = await this.access.caller(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    const user = await this.users.find(realm, request.id);
    if (caller.isAdmin) return userResource(user ?? notFound(request.id));
    // A user may read its own profile with its own token (am-spec §14); others' are forbidden, found or not.
    if (!user || user.id !== caller.session.userId) throw notAuthorized(caller);
    return userResource(user);
  }

  /** `PUT` replaces the attributes; `userpassword` in the body changes the password. */
  async replace(request: IdentityReplaceRequest): Promise<IdentityResource> {
    const admin = await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    const user = (await this.users.find(realm, request.id)) ?? notFound(request.id);
    const body = parseUserBody(request.body);
    if (body.username !== undefined && body.username.toLowerCase() !== user.username.toLowerCase()) {
      throw CrestError.badRequest('The username of a user cannot be changed');
    }
    const passwordHash = body.password === undefined ? undefined : await this.hasher.hash(body.password);
    const result = await this.users.replace(realm, user.id, { attributes: body.attributes, passwordHash }, expectedRevision(request.ifMatch));
    const replaced = written(result, request.id);
    this.logger.info({ audit: 'authn.user.replaced', realm, username: user.username, passwordChanged: passwordHash !== undefined }, 'user replaced');
    await this.audit.record(adminChange(realm, admin.session.userId, 'replace', `users/${user.username}`));
    return userResource(replaced);
  }

  /** `DELETE` answers the deleted user (as AM does). amadmin cannot be deleted. */
  async delete(request: IdentityDeleteRequest): Promise<IdentityResource> {
    const admin = await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    const user = (await this.users.find(realm, request.id)) ?? notFound(request.id);
    if (isAdministrator(realm, user.username)) throw CrestError.forbidden(`${ADMIN_USERNAME} cannot be deleted`);
    const deleted = written(await this.users.delete(realm, user.id, expectedRevision(request.ifMatch)), request.id);
    this.logger.info({ audit: 'authn.user.deleted', realm, username: user.username, userId: user.id }, 'user deleted');
    await this.audit.record(adminChange(realm, admin.session.userId, 'delete', `users/${user.username}`));
    return userResource(deleted);
  }

  async query(request: IdentityQueryRequest): Promise<IdentityQueryReply> {
    await this.access.requireAdmin(request.tokenId);
    const realm = (await this.realms.resolve(request.realm)).path;
    return crestQueryResult((await this.users.query(realm, request.filter)).map(userResource));
  }
}

function notFound(id: string): never {
  throw CrestError.notFound(`Identity ${id} not found`);
}

function written(result: IdentityWriteResult<User>, id: string): User {
  if (result.status === 'missing') notFound(id);
  if (result.status === 'stale') throw CrestError.preconditionFailed('The resource revision does not match If-Match');
  return result.value;
}
