import { Controller } from '@nestjs/common';
import { type KeysRotateReply, type KeysRotateRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { KeyRotationService } from './key-rotation.service';

/** `POST json/.../realm-config/keys?_action=rotate`, as token.keys.rotate from the gateway. */
@Controller()
export class KeysAdminHandler {
  constructor(private readonly rotation: KeyRotationService) {}

  @Handles(Messages.token.keysRotate)
  rotate(request: KeysRotateRequest): Promise<KeysRotateReply> {
    return this.rotation.rotateByAdmin(request.tokenId, request.realm);
  }
}
