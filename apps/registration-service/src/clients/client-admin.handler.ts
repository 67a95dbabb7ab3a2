import { Controller } from '@nestjs/common';
import { type AgentAdminDeleteRequest, type AgentAdminPutRequest, type AgentAdminQueryRequest, type AgentAdminReadRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { AdminAccess } from '../admin/admin-access';
import { ClientService } from './client.service';

const { adminAgentRead, adminAgentPut, adminAgentDelete, adminAgentQuery } = Messages.registration;

/** `realm-config/agents/{OAuth2Client|AIAgent}[/{id}]`. */
@Controller()
export class ClientAdminHandler {
  constructor(
    private readonly access: AdminAccess,
    private readonly clients: ClientService,
  ) {}

  @Handles(adminAgentRead)
  async read(r: AgentAdminReadRequest) {
    return this.clients.read(await this.access.require(r.tokenId, r.realm), r.type, r.id);
  }

  @Handles(adminAgentPut)
  async put(r: AgentAdminPutRequest) {
    return this.clients.put(await this.access.require(r.tokenId, r.realm), r.type, r.id, r.body, r.createOnly);
  }

  @Handles(adminAgentDelete)
  async remove(r: AgentAdminDeleteRequest) {
    return this.clients.remove(await this.access.require(r.tokenId, r.realm), r.type, r.id);
  }

  @Handles(adminAgentQuery)
  async query(r: AgentAdminQueryRequest) {
    return this.clients.query(await this.access.require(r.tokenId, r.realm), r.type, r.filter);
  }
}
