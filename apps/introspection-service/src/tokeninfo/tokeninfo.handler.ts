import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type TokenInfoReply, type TokenInfoRequest, Subjects, tokenInfoRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { TokenInfoService } from './tokeninfo.service';

@Controller()
export class TokenInfoHandler {
  constructor(private readonly tokenInfo: TokenInfoService) {}

  @MessagePattern(Subjects.introspection.tokeninfo)
  tokeninfo(@Payload(new ContractPipe(Subjects.introspection.tokeninfo, tokenInfoRequestSchema)) request: TokenInfoRequest): Promise<TokenInfoReply> {
    return this.tokenInfo.tokenInfo(request);
  }
}
