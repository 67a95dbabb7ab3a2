import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ClientAuthenticateRequest,
  type ClientGetRequest,
  type ClientView,
  Subjects,
  clientAuthenticateRequestSchema,
  clientGetRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { RealmService } from '../realms/realm.service';
import { ClientService } from './client.service';

const { clientGet, clientAuthenticate } = Subjects.registration;

/** Client lookups for the other services; never exposed over HTTP. */
@Controller()
export class ClientHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly clients: ClientService,
  ) {}

  @MessagePattern(clientGet)
  async get(@Payload(new ContractPipe(clientGet, clientGetRequestSchema)) r: ClientGetRequest): Promise<ClientView | null> {
    return this.clients.view(await this.realms.resolve(r.realm), r.clientId);
  }

  @MessagePattern(clientAuthenticate)
  async authenticate(@Payload(new ContractPipe(clientAuthenticate, clientAuthenticateRequestSchema)) r: ClientAuthenticateRequest): Promise<ClientView> {
    return this.clients.authenticate(await this.realms.resolve(r.realm), r.clientId, r.secret);
  }
}
