import { Controller } from '@nestjs/common';
import { type JwksGetReply, type JwksGetRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { JwksService } from './jwks.service';

@Controller()
export class JwksHandler {
  constructor(private readonly jwks: JwksService) {}

  @Handles(Messages.token.jwksGet)
  get(request: JwksGetRequest): Promise<JwksGetReply> {
    return this.jwks.get(request.realm);
  }
}
