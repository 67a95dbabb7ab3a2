import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type TokenGrantRequest, type TokenResponse, Subjects, tokenGrantRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { TokenEndpointService } from './token-endpoint.service';

@Controller()
export class TokenGrantHandler {
  constructor(private readonly endpoint: TokenEndpointService) {}

  @MessagePattern(Subjects.token.grant)
  grant(@Payload(new ContractPipe(Subjects.token.grant, tokenGrantRequestSchema)) request: TokenGrantRequest): Promise<TokenResponse> {
    return this.endpoint.grant(request);
  }
}
