import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type DcrDeleteRequest,
  type DcrReadRequest,
  type DcrRegisterRequest,
  type DcrUpdateRequest,
  Subjects,
  dcrDeleteRequestSchema,
  dcrReadRequestSchema,
  dcrRegisterRequestSchema,
  dcrUpdateRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { DcrService } from './dcr.service';

const { dcrRegister, dcrRead, dcrUpdate, dcrDelete } = Subjects.registration;

/** `oauth2/.../register` and `oauth2/.../aiagent/register` (am-spec §11.1), from the gateway. */
@Controller()
export class DcrHandler {
  constructor(private readonly dcr: DcrService) {}

  @MessagePattern(dcrRegister)
  register(@Payload(new ContractPipe(dcrRegister, dcrRegisterRequestSchema)) r: DcrRegisterRequest) {
    return this.dcr.register(r);
  }

  @MessagePattern(dcrRead)
  read(@Payload(new ContractPipe(dcrRead, dcrReadRequestSchema)) r: DcrReadRequest) {
    return this.dcr.read(r);
  }

  @MessagePattern(dcrUpdate)
  update(@Payload(new ContractPipe(dcrUpdate, dcrUpdateRequestSchema)) r: DcrUpdateRequest) {
    return this.dcr.update(r);
  }

  @MessagePattern(dcrDelete)
  remove(@Payload(new ContractPipe(dcrDelete, dcrDeleteRequestSchema)) r: DcrDeleteRequest) {
    return this.dcr.remove(r);
  }
}
