import { Controller } from '@nestjs/common';
import {
  type ClientAuthenticateAssertionRequest,
  type ClientAuthenticateRequest,
  type ClientGetRequest,
  type ClientView,
  type JwtBearerVerifyReply,
  type JwtBearerVerifyRequest,
  Messages,
} from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { ClientAssertions } from '../client-assertions/client-assertions.service';
import { JwtBearerAssertions } from '../client-assertions/jwt-bearer-assertions.service';
import { RealmService } from '../realms/realm.service';
import { ClientService } from './client.service';

const { clientGet, clientAuthenticate, clientAuthenticateAssertion, jwtBearerVerify } = Messages.registration;

/** Client lookups for the other services; never exposed over HTTP. */
@Controller()
export class ClientHandler {
  constructor(
    private readonly realms: RealmService,
    private readonly clients: ClientService,
    private readonly assertions: ClientAssertions,
    private readonly grantAssertions: JwtBearerAssertions,
  ) {}

  @Handles(clientGet)
  async get(r: ClientGetRequest): Promise<ClientView | null> {
    return this.clients.view(await this.realms.resolve(r.realm), r.clientId);
  }

  @Handles(clientAuthenticate)
  async authenticate(r: ClientAuthenticateRequest): Promise<ClientView> {
    return this.clients.authenticate(await this.realms.resolve(r.realm), r.clientId, r.secret);
  }

  @Handles(clientAuthenticateAssertion)
  async authenticateAssertion(r: ClientAuthenticateAssertionRequest): Promise<ClientView> {
    return this.assertions.authenticate(await this.realms.resolve(r.realm), r.clientId, r.assertion, r.endpoint);
  }

  @Handles(jwtBearerVerify)
  async verifyJwtBearer(r: JwtBearerVerifyRequest): Promise<JwtBearerVerifyReply> {
    return this.grantAssertions.verify(await this.realms.resolve(r.realm), r.assertion, r.clientId);
  }
}
