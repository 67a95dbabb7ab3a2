import { Controller } from '@nestjs/common';
import { Messages, type ScriptAdminCreateRequest, type ScriptAdminDeleteRequest, type ScriptAdminPutRequest, type ScriptAdminQueryRequest, type ScriptAdminReadRequest } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminAccess } from '../admin/admin-access';
import { ScriptService } from './script.service';

const { adminScriptCreate, adminScriptRead, adminScriptPut, adminScriptDelete, adminScriptQuery } = Messages.registration;

/** `json/.../scripts` (am-spec §12.3). */
@Controller()
export class ScriptAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly scripts: ScriptService,
  ) {}

  @Handles(adminScriptCreate)
  async create(r: ScriptAdminCreateRequest) {
    return this.scripts.create(await this.access.require(r.tokenId, r.realm), r.body);
  }

  @Handles(adminScriptRead)
  async read(r: ScriptAdminReadRequest) {
    return this.scripts.read(await this.access.require(r.tokenId, r.realm), r.id);
  }

  @Handles(adminScriptPut)
  async put(r: ScriptAdminPutRequest) {
    return this.scripts.put(await this.access.require(r.tokenId, r.realm), r.id, r.body, r.createOnly);
  }

  @Handles(adminScriptDelete)
  async remove(r: ScriptAdminDeleteRequest) {
    return this.scripts.remove(await this.access.require(r.tokenId, r.realm), r.id);
  }

  @Handles(adminScriptQuery)
  async query(r: ScriptAdminQueryRequest) {
    return this.scripts.query(await this.access.require(r.tokenId, r.realm), r.filter);
  }
}
