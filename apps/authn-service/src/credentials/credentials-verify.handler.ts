import { Controller } from '@nestjs/common';
import { type CredentialsVerifyReply, type CredentialsVerifyRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { CredentialsVerifyService } from './credentials-verify.service';

/** `authn.credentials.verify` (token-service's password grant, am-spec §4.6). */
@Controller()
export class CredentialsVerifyHandler {
  constructor(private readonly credentials: CredentialsVerifyService) {}

  @Handles(Messages.authn.credentialsVerify)
  verify(request: CredentialsVerifyRequest): Promise<CredentialsVerifyReply> {
    return this.credentials.verify(request);
  }
}
