import { Controller } from '@nestjs/common';
import { Messages, type TokenInfoReply, type TokenInfoRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { TokenInfoService } from './tokeninfo.service';

@Controller()
export class TokenInfoHandler {
  constructor(private readonly tokenInfo: TokenInfoService) {}

  @Handles(Messages.introspection.tokeninfo)
  tokeninfo(request: TokenInfoRequest): Promise<TokenInfoReply> {
    return this.tokenInfo.tokenInfo(request);
  }
}
