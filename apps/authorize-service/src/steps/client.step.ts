import { Injectable } from '@nestjs/common';
import type { ClientView } from '@mandate/contracts';
import { InvalidRequestError, MandateError } from '@mandate/oauth';
import { RegistrationConfigClient } from '@mandate/platform';
import { AuthorizeRefusal } from './authorize-refusal';

/**
 * Step 1: `client_id` names an active client of the realm (am-spec §3.1), or is the URL of a
 * client ID metadata document registration-service could fetch and accept; else 400, never a
 * redirect (contract §3.9): the redirect URIs are not trusted yet.
 */
@Injectable()
export class ClientStep {
  constructor(private readonly config: RegistrationConfigClient) {}

  async check(realm: string, clientId: string | undefined, repeated: readonly string[]): Promise<ClientView> {
    if (repeated.includes('client_id')) throw new AuthorizeRefusal(new InvalidRequestError('Parameters sent more than once: client_id'));
    if (!clientId) throw new AuthorizeRefusal(new InvalidRequestError('Missing parameters: client_id'));
    let client: ClientView | null;
    try {
      client = await this.config.client(realm, clientId);
    } catch (error) {
      // A refused metadata document (`invalid_client`): shown to the user, not sent to a redirect URI.
      if (error instanceof MandateError && error.code === 'invalid_client') throw new AuthorizeRefusal(new InvalidRequestError(error.description, error.detail));
      throw error;
    }
    if (!client || client.status !== 'Active') {
      throw new AuthorizeRefusal(new InvalidRequestError('Unknown or inactive client', `client ${clientId} ${client ? 'is inactive' : 'does not exist'} in ${realm}`));
    }
    return client;
  }
}
