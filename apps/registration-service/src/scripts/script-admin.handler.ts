import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ScriptAdminCreateRequest,
  type ScriptAdminDeleteRequest,
  type ScriptAdminPutRequest,
  type ScriptAdminQueryRequest,
  type ScriptAdminReadRequest,
  Subjects,
  scriptAdminCreateRequestSchema,
  scriptAdminDeleteRequestSchema,
  scriptAdminPutRequestSchema,
  scriptAdminQueryRequestSchema,
  scriptAdminReadRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { ScriptService } from './script.service';

const { adminScriptCreate, adminScriptRead, adminScriptPut, adminScriptDelete, adminScriptQuery } = Subjects.registration;

/** `json/.../scripts` (am-spec §12.3). */
@Controller()
@UseInterceptors(AdminChangeAudit)
export class ScriptAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly scripts: ScriptService,
  ) {}

  @MessagePattern(adminScriptCreate)
  @AdminChange('create', (_r, answer) => `scripts/${answer._id}`)
  async create(@Payload(new ContractPipe(adminScriptCreate, scriptAdminCreateRequestSchema)) r: ScriptAdminCreateRequest) {
    return this.scripts.create(await this.access.require(r.tokenId, r.realm), r.body);
  }

  @MessagePattern(adminScriptRead)
  async read(@Payload(new ContractPipe(adminScriptRead, scriptAdminReadRequestSchema)) r: ScriptAdminReadRequest) {
    return this.scripts.read(await this.access.require(r.tokenId, r.realm), r.id);
  }

  @MessagePattern(adminScriptPut)
  @AdminChange('put', (r) => `scripts/${r.id}`)
  async put(@Payload(new ContractPipe(adminScriptPut, scriptAdminPutRequestSchema)) r: ScriptAdminPutRequest) {
    return this.scripts.put(await this.access.require(r.tokenId, r.realm), r.id, r.body, r.createOnly);
  }

  @MessagePattern(adminScriptDelete)
  @AdminChange('delete', (r) => `scripts/${r.id}`)
  async remove(@Payload(new ContractPipe(adminScriptDelete, scriptAdminDeleteRequestSchema)) r: ScriptAdminDeleteRequest) {
    return this.scripts.remove(await this.access.require(r.tokenId, r.realm), r.id);
  }

  @MessagePattern(adminScriptQuery)
  async query(@Payload(new ContractPipe(adminScriptQuery, scriptAdminQueryRequestSchema)) r: ScriptAdminQueryRequest) {
    return this.scripts.query(await this.access.require(r.tokenId, r.realm), r.filter);
  }
}
