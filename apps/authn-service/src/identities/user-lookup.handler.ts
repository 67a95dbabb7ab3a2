import { Controller } from '@nestjs/common';
import { Messages, type UserLookupReply, type UserLookupRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { UserLookupService } from './user-lookup.service';

/** `authn.user.lookup` (token-service's token exchange application policies). */
@Controller()
export class UserLookupHandler {
  constructor(private readonly users: UserLookupService) {}

  @Handles(Messages.authn.userLookup)
  lookup(request: UserLookupRequest): Promise<UserLookupReply> {
    return this.users.lookup(request);
  }
}
