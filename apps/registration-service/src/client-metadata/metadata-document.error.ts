import { OAuthError } from '@mandate/oauth';

/**
 * A client ID metadata document that cannot be used: its URL, the fetch, or its content. Crosses
 * NATS as `invalid_client` (401); /authorize shows it as a refusal page, never a redirect (the
 * redirect URIs are not known then). The description names the problem, never the address
 * Mandate resolved or connected to (that goes to the log as the detail).
 */
export class MetadataDocumentError extends OAuthError {
  constructor(problem: string, detail?: string) {
    super(401, 'invalid_client', `Client metadata document refused: ${problem}`, detail);
  }
}
