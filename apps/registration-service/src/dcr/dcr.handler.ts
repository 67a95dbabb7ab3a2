import { Controller } from '@nestjs/common';
import { type DcrDeleteRequest, type DcrReadRequest, type DcrRegisterRequest, type DcrUpdateRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { DcrService } from './dcr.service';

const { dcrRegister, dcrRead, dcrUpdate, dcrDelete } = Messages.registration;

/** `oauth2/.../register` and `oauth2/.../aiagent/register` (am-spec §11.1), from the gateway. */
@Controller()
export class DcrHandler {
  constructor(private readonly dcr: DcrService) {}

  @Handles(dcrRegister)
  register(r: DcrRegisterRequest) {
    return this.dcr.register(r);
  }

  @Handles(dcrRead)
  read(r: DcrReadRequest) {
    return this.dcr.read(r);
  }

  @Handles(dcrUpdate)
  update(r: DcrUpdateRequest) {
    return this.dcr.update(r);
  }

  @Handles(dcrDelete)
  remove(r: DcrDeleteRequest) {
    return this.dcr.remove(r);
  }
}
