import { Controller } from '@nestjs/common';
import { type AuthorizeReply, type AuthorizeRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AuthorizeService } from './authorize.service';

/** `authorize.request`: the gateway's /authorize, decided here. */
@Controller()
export class AuthorizeHandler {
  constructor(private readonly service: AuthorizeService) {}

  @Handles(Messages.authorize.request)
  authorize(request: AuthorizeRequest): Promise<AuthorizeReply> {
    return this.service.authorize(request);
  }
}
