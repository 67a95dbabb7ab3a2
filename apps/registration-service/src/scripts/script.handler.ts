import { Controller } from '@nestjs/common';
import { Messages, type ScriptGetRequest, type ScriptView } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { ScriptService } from './script.service';

/** Scripts for the sandbox (may-act, DCR): by `_id` or name. */
@Controller()
export class ScriptHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly scripts: ScriptService,
  ) {}

  @Handles(Messages.registration.scriptGet)
  async get(r: ScriptGetRequest): Promise<ScriptView | null> {
    return this.scripts.view(await this.realms.resolve(r.realm), r.ref);
  }
}
