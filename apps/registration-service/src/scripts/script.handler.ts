import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type ScriptGetRequest, type ScriptView, Subjects, scriptGetRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { ScriptService } from './script.service';

/** Scripts for the sandbox (may-act, DCR): by `_id` or name. */
@Controller()
export class ScriptHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly scripts: ScriptService,
  ) {}

  @MessagePattern(Subjects.registration.scriptGet)
  async get(@Payload(new ContractPipe(Subjects.registration.scriptGet, scriptGetRequestSchema)) r: ScriptGetRequest): Promise<ScriptView | null> {
    return this.scripts.view(await this.realms.resolve(r.realm), r.ref);
  }
}
