import { Controller } from '@nestjs/common';
import { type CodeConsumeReply, type CodeConsumeRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AuthorizationCodeService } from './authorization-code.service';

/** `authorize.code.consume` (contract §3.7): token-service redeems a code, once. */
@Controller()
export class CodeConsumeHandler {
  constructor(private readonly codes: AuthorizationCodeService) {}

  @Handles(Messages.authorize.codeConsume)
  consume(request: CodeConsumeRequest): Promise<CodeConsumeReply> {
    return this.codes.consume(request);
  }
}
