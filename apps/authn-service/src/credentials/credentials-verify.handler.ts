import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type CredentialsVerifyReply, type CredentialsVerifyRequest, Subjects, credentialsVerifyRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { CredentialsVerifyService } from './credentials-verify.service';

/** `authn.credentials.verify` (token-service's password grant, am-spec §4.6). */
@Controller()
export class CredentialsVerifyHandler {
  constructor(private readonly credentials: CredentialsVerifyService) {}

  @MessagePattern(Subjects.authn.credentialsVerify)
  verify(
    @Payload(new ContractPipe(Subjects.authn.credentialsVerify, credentialsVerifyRequestSchema)) request: CredentialsVerifyRequest,
  ): Promise<CredentialsVerifyReply> {
    return this.credentials.verify(request);
  }
}
