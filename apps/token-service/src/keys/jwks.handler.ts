import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type JwksGetReply, type JwksGetRequest, Subjects, jwksGetRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { JwksService } from './jwks.service';

@Controller()
export class JwksHandler {
  constructor(private readonly jwks: JwksService) {}

  @MessagePattern(Subjects.token.jwksGet)
  get(@Payload(new ContractPipe(Subjects.token.jwksGet, jwksGetRequestSchema)) request: JwksGetRequest): Promise<JwksGetReply> {
    return this.jwks.get(request.realm);
  }
}
