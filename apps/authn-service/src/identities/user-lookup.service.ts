import { Inject, Injectable } from '@nestjs/common';
import type { UserLookupReply, UserLookupRequest } from '@mandate/contracts';
import { GROUP_STORE, type GroupStore, USER_STORE, type UserStore } from '@mandate/oauth';
import { RealmClient } from '@mandate/platform';
import { isActive } from './user-status';

/**
 * A user by `_id` or username with the names of its groups, for application policies'
 * `subjects` and `subjectGroups` (contract §2, am-spec §5.9). null when there is no such user.
 */
@Injectable()
export class UserLookupService {
  constructor(
    @Inject(USER_STORE) private readonly users: UserStore,
    @Inject(GROUP_STORE) private readonly groups: GroupStore,
    private readonly realms: RealmClient,
  ) {}

  async lookup(request: UserLookupRequest): Promise<UserLookupReply> {
    const realm = (await this.realms.resolve(request.realm)).path;
    const user = await this.users.find(realm, request.user);
    if (!user) return null;
    return { userId: user.id, username: user.username, groups: await this.groups.groupsOf(user.id), active: isActive(user) };
  }
}
