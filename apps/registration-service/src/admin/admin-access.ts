import { Injectable } from '@nestjs/common';
import { CrestError, type Realm } from '@mandate/oauth';
import { SessionClient } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';

/** Who is acting, as AM writes it in `createdBy` / `lastModifiedBy`. */
export interface Actor {
  realm: Realm;
  by: string;
  /** Set when the caller is not amadmin but an owner of the AI agent concerned (issue 20). */
  owner?: string;
}

/**
 * The admin REST gate: amadmin's SSO token (contract §1), else 401 (no or dead session) or
 * 403 (someone else's); then the realm named by the URL, else 404.
 */
@Injectable()
export class AdminAccess {
  constructor(
    private readonly sessions: SessionClient,
    private readonly realms: RealmService,
  ) {}

  async require(tokenId: string | undefined, realmPath: string): Promise<Actor> {
    const session = await this.sessions.requireAdmin(tokenId);
    const realm = await this.realms.resolve(realmPath);
    return { realm, by: `id=${session.username},ou=user,ou=am-config` };
  }

  /**
   * amadmin, or a user of this realm named in the agent's `owners` (issue 20 item 4); every
   * other signed-in user gets 403, as for the admin API.
   */
  async requireAdminOrOwner(tokenId: string | undefined, realmPath: string, isOwner: (realm: Realm, username: string) => Promise<boolean>): Promise<Actor> {
    const session = await this.sessions.validate(tokenId);
    if (!session) throw CrestError.unauthorized('Access Denied');
    const realm = await this.realms.resolve(realmPath);
    if (session.isAdmin) return { realm, by: `id=${session.username},ou=user,ou=am-config` };
    if (session.realm === realm.path && (await isOwner(realm, session.username))) {
      return { realm, by: `id=${session.username},ou=user,ou=${realm.path}`, owner: session.username };
    }
    throw CrestError.forbidden(`User, ${session.username}, not authorized.`);
  }
}
