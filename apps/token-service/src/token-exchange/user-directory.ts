import { Subjects, type UserLookupReply, userLookupReplySchema } from '@mandate/contracts';
import type { RpcClient } from '@mandate/platform';

/** authn-service's users: one by `_id` or username, with its groups (`authn.user.lookup`). */
export class UserDirectory {
  constructor(private readonly rpc: Pick<RpcClient, 'request'>) {}

  lookup(realm: string, user: string): Promise<UserLookupReply> {
    return this.rpc.request(Subjects.authn.userLookup, { realm, user }, userLookupReplySchema);
  }
}
