import { Controller, UseInterceptors } from '@nestjs/common';
import { type ScriptAdminCreateRequest, type ScriptAdminDeleteRequest, type ScriptAdminPutRequest, type ScriptAdminQueryRequest, type ScriptAdminReadRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { ScriptService } from './script.service';

const { adminScriptCreate, adminScriptRead, adminScriptPut, adminScriptDelete, adminScriptQuery } = Messages.registration;

/** `json/.../scripts` (am-spec §12.3). */
@Controller()
@UseInterceptors(AdminChangeAudit)
export class ScriptAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly scripts: ScriptService,
  ) {}

  @Handles(adminScriptCreate)
  @AdminChange('create', (_r, answer) => `scripts/${answer._id}`)
  async create(r: ScriptAdminCreateRequest) {
    return this.scripts.create(await this.access.require(r.tokenId, r.realm), r.body, undefined, r.idempotencyKey);
  }

  @Handles(adminScriptRead)
  async read(r: ScriptAdminReadRequest) {
    return this.scripts.read(await this.access.require(r.tokenId, r.realm), r.id);
  }

  @Handles(adminScriptPut)
  @AdminChange('put', (r) => `scripts/${r.id}`)
  async put(r: ScriptAdminPutRequest) {
    return this.scripts.put(await this.access.require(r.tokenId, r.realm), r.id, r.body, r.createOnly);
  }

  @Handles(adminScriptDelete)
  @AdminChange('delete', (r) => `scripts/${r.id}`)
  async remove(r: ScriptAdminDeleteRequest) {
    return this.scripts.remove(await this.access.require(r.tokenId, r.realm), r.id);
  }

  @Handles(adminScriptQuery)
  async query(r: ScriptAdminQueryRequest) {
    return this.scripts.query(await this.access.require(r.tokenId, r.realm), r.filter);
  }
}
