import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type CodeConsumeReply, type CodeConsumeRequest, Subjects, codeConsumeRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { AuthorizationCodeService } from './authorization-code.service';

/** `authorize.code.consume` (contract §3.7): token-service redeems a code, once. */
@Controller()
export class CodeConsumeHandler {
  constructor(private readonly codes: AuthorizationCodeService) {}

  @MessagePattern(Subjects.authorize.codeConsume)
  consume(@Payload(new ContractPipe(Subjects.authorize.codeConsume, codeConsumeRequestSchema)) request: CodeConsumeRequest): Promise<CodeConsumeReply> {
    return this.codes.consume(request);
  }
}
