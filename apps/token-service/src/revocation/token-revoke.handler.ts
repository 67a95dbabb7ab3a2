import { Controller } from '@nestjs/common';
import { Messages, type TokenRevokeRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { RevocationService } from './revocation.service';

@Controller()
export class TokenRevokeHandler {
  constructor(private readonly revocation: RevocationService) {}

  @Handles(Messages.token.revoke)
  revoke(request: TokenRevokeRequest): Promise<Record<string, never>> {
    return this.revocation.revoke(request);
  }
}
