import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type UserLookupReply, type UserLookupRequest, Subjects, userLookupRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { UserLookupService } from './user-lookup.service';

/** `authn.user.lookup` (token-service's token exchange application policies). */
@Controller()
export class UserLookupHandler {
  constructor(private readonly users: UserLookupService) {}

  @MessagePattern(Subjects.authn.userLookup)
  lookup(@Payload(new ContractPipe(Subjects.authn.userLookup, userLookupRequestSchema)) request: UserLookupRequest): Promise<UserLookupReply> {
    return this.users.lookup(request);
  }
}
