import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type TokenRevokeRequest, Subjects, tokenRevokeRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { RevocationService } from './revocation.service';

@Controller()
export class TokenRevokeHandler {
  constructor(private readonly revocation: RevocationService) {}

  @MessagePattern(Subjects.token.revoke)
  revoke(@Payload(new ContractPipe(Subjects.token.revoke, tokenRevokeRequestSchema)) request: TokenRevokeRequest): Promise<Record<string, never>> {
    return this.revocation.revoke(request);
  }
}
