import { Controller } from '@nestjs/common';
import { type BcAuthorizeReply, type BcAuthorizeRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { BcAuthorizeService } from './bc-authorize.service';

/** OpenID CIBA Core 1.0 §7: `POST oauth2/.../bc-authorize`. */
@Controller()
export class BcAuthorizeHandler {
  constructor(private readonly ciba: BcAuthorizeService) {}

  @Handles(Messages.token.bcAuthorize)
  authorize(request: BcAuthorizeRequest): Promise<BcAuthorizeReply> {
    return this.ciba.authorize(request);
  }
}
