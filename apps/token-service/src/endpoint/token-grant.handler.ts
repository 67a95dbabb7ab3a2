import { Controller } from '@nestjs/common';
import { Messages, type TokenGrantRequest, type TokenResponse } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { TokenEndpointService } from './token-endpoint.service';

@Controller()
export class TokenGrantHandler {
  constructor(private readonly endpoint: TokenEndpointService) {}

  @Handles(Messages.token.grant)
  grant(request: TokenGrantRequest): Promise<TokenResponse> {
    return this.endpoint.grant(request);
  }
}
