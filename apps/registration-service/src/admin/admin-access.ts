import { Injectable } from '@nestjs/common';
import type { Realm } from '@mandate/oauth';
import { SessionClient } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';

/** Who is acting, as AM writes it in `createdBy` / `lastModifiedBy`. */
export interface Actor {
  realm: Realm;
  by: string;
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
}
