import { Controller, UseInterceptors } from '@nestjs/common';
import { type AgentAdminDeleteRequest, type AgentAdminPutRequest, type AgentAdminQueryRequest, type AgentAdminReadRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminChange, AdminChangeAudit } from '../events/admin-change.audit';
import { AdminAccess } from '../admin/admin-access';
import { ClientService } from './client.service';

const { adminAgentRead, adminAgentPut, adminAgentDelete, adminAgentQuery } = Messages.registration;

/** `realm-config/agents/{OAuth2Client|AIAgent}[/{id}]`. */
@Controller()
@UseInterceptors(AdminChangeAudit)
export class ClientAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly clients: ClientService,
  ) {}

  /** amadmin, or (issue 20) an owner of the AI agent: owners read their agents. */
  @Handles(adminAgentRead)
  async read(r: AgentAdminReadRequest) {
    return this.clients.read(await this.adminOrOwner(r.tokenId, r.realm, r.type, r.id), r.type, r.id);
  }

  /** amadmin, or an owner of the AI agent, who may only set it Inactive (ClientService.put). */
  @Handles(adminAgentPut)
  @AdminChange('put', (r) => `realm-config/agents/${r.type}/${r.id}`)
  async put(r: AgentAdminPutRequest) {
    return this.clients.put(await this.adminOrOwner(r.tokenId, r.realm, r.type, r.id), r.type, r.id, r.body, r.createOnly);
  }

  private adminOrOwner(tokenId: string | undefined, realm: string, type: AgentAdminReadRequest['type'], id: string) {
    if (type !== 'AIAgent') return this.access.require(tokenId, realm);
    return this.access.requireAdminOrOwner(tokenId, realm, (r, username) => this.clients.isOwner(r, id, username));
  }

  @Handles(adminAgentDelete)
  @AdminChange('delete', (r) => `realm-config/agents/${r.type}/${r.id}`)
  async remove(r: AgentAdminDeleteRequest) {
    return this.clients.remove(await this.access.require(r.tokenId, r.realm), r.type, r.id);
  }

  @Handles(adminAgentQuery)
  async query(r: AgentAdminQueryRequest) {
    return this.clients.query(await this.access.require(r.tokenId, r.realm), r.type, r.filter);
  }
}
