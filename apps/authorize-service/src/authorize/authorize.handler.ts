import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AuthorizeReply, type AuthorizeRequest, Subjects, authorizeRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { AuthorizeService } from './authorize.service';

/** `authorize.request`: the gateway's /authorize, decided here. */
@Controller()
export class AuthorizeHandler {
  constructor(private readonly service: AuthorizeService) {}

  @MessagePattern(Subjects.authorize.request)
  authorize(@Payload(new ContractPipe(Subjects.authorize.request, authorizeRequestSchema)) request: AuthorizeRequest): Promise<AuthorizeReply> {
    return this.service.authorize(request);
  }
}
