import { Injectable } from '@nestjs/common';
import type { ClientView } from '@mandate/contracts';
import { InvalidRequestError } from '@mandate/oauth';
import { RegistrationConfigClient } from '@mandate/platform';
import { AuthorizeRefusal } from './authorize-refusal';

/** Step 1: `client_id` names an active client of the realm (am-spec §3.1); else 400, never a redirect (contract §3.9). */
@Injectable()
export class ClientStep {
  constructor(private readonly config: RegistrationConfigClient) {}

  async check(realm: string, clientId: string | undefined, repeated: readonly string[]): Promise<ClientView> {
    if (repeated.includes('client_id')) throw new AuthorizeRefusal(new InvalidRequestError('Parameters sent more than once: client_id'));
    if (!clientId) throw new AuthorizeRefusal(new InvalidRequestError('Missing parameters: client_id'));
    const client = await this.config.client(realm, clientId);
    if (!client || client.status !== 'Active') {
      throw new AuthorizeRefusal(new InvalidRequestError('Unknown or inactive client', `client ${clientId} ${client ? 'is inactive' : 'does not exist'} in ${realm}`));
    }
    return client;
  }
}
