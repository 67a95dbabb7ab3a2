import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type KeysRotateReply, type KeysRotateRequest, Subjects, keysRotateRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { KeyRotationService } from './key-rotation.service';

/** `POST json/.../realm-config/keys?_action=rotate`, as token.keys.rotate from the gateway. */
@Controller()
export class KeysAdminHandler {
  constructor(private readonly rotation: KeyRotationService) {}

  @MessagePattern(Subjects.token.keysRotate)
  rotate(@Payload(new ContractPipe(Subjects.token.keysRotate, keysRotateRequestSchema)) request: KeysRotateRequest): Promise<KeysRotateReply> {
    return this.rotation.rotateByAdmin(request.tokenId, request.realm);
  }
}
