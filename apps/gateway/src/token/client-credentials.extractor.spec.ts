import { InvalidClientError, InvalidRequestError } from '@mandate/oauth';
import { extractClientCredentials } from './client-credentials.extractor';

const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const jwt = (payload: Record<string, unknown>) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('extractClientCredentials: client assertions (RFC 7523 §2.2)', () => {
  it('takes the client from the assertion’s sub, or from client_id, and keeps the assertion out of the form', () => {
    const assertion = jwt({ sub: 'agent-1' });
    expect(extractClientCredentials(undefined, { grant_type: 'client_credentials', client_assertion_type: TYPE, client_assertion: assertion })).toEqual({
      clientAuth: { method: 'private_key_jwt', clientId: 'agent-1', assertion },
      params: { grant_type: 'client_credentials' },
    });
    expect(extractClientCredentials(undefined, { client_id: 'named', client_assertion_type: TYPE, client_assertion: assertion }).clientAuth).toMatchObject({ clientId: 'named' });
  });

  it('refuses another assertion type, a missing assertion, one without sub, and two methods at once', () => {
    expect(() => extractClientCredentials(undefined, { client_assertion_type: 'urn:other', client_assertion: jwt({ sub: 'a' }) })).toThrow(InvalidClientError);
    expect(() => extractClientCredentials(undefined, { client_assertion_type: TYPE })).toThrow(InvalidRequestError);
    expect(() => extractClientCredentials(undefined, { client_assertion_type: TYPE, client_assertion: jwt({}) })).toThrow(InvalidClientError);
    expect(() => extractClientCredentials(undefined, { client_assertion_type: TYPE, client_assertion: 'garbage' })).toThrow(InvalidClientError);
    expect(() => extractClientCredentials(undefined, { client_assertion_type: TYPE, client_assertion: jwt({ sub: 'a' }), client_secret: 's' })).toThrow(InvalidRequestError);
    expect(() => extractClientCredentials('Basic YTpi', { client_assertion_type: TYPE, client_assertion: jwt({ sub: 'a' }) })).toThrow(InvalidRequestError);
  });
});
