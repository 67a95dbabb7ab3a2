import { InvalidRequestError } from '@mandate/oauth';
import { parseExchangeRequest } from './exchange-request.parser';
import { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE } from './token-types';

const base = { subject_token: 'subject', subject_token_type: ACCESS_TOKEN_TYPE };
const parse = (params: Record<string, string>, lists: Record<string, string[]> = {}) => parseExchangeRequest({ params, lists });
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { type: (error as Error).constructor, code: (error as InvalidRequestError).code, description: (error as InvalidRequestError).description };
  }
  throw new Error('expected a refusal');
};

describe('parseExchangeRequest', () => {
  it('reads an impersonation request and defaults the requested type to access_token', () => {
    expect(parse(base)).toEqual({ subjectToken: 'subject', subjectTokenType: ACCESS_TOKEN_TYPE, requestedTokenType: ACCESS_TOKEN_TYPE, audiences: [] });
  });

  it('reads the actor pair and every audience in request order', () => {
    const request = parse({ ...base, actor_token: 'actor', actor_token_type: ACCESS_TOKEN_TYPE }, { audience: ['b', 'a'] });
    expect(request.actor).toEqual({ token: 'actor', tokenType: ACCESS_TOKEN_TYPE });
    expect(request.audiences).toEqual(['b', 'a']);
  });

  it('names actor_token_type as missing when an actor token comes alone', () => {
    expect(failure(() => parse({ ...base, actor_token: 'actor' }))).toEqual({ type: InvalidRequestError, code: 'invalid_request', description: 'Missing parameters: actor_token_type' });
  });

  it('names actor_token as missing when only its type is sent', () => {
    expect(failure(() => parse({ ...base, actor_token_type: ACCESS_TOKEN_TYPE })).description).toBe('Missing parameters: actor_token');
  });

  it('treats empty optional parameters as absent (RFC 6749 §3.1)', () => {
    expect(parse({ ...base, actor_token: '', actor_token_type: '', requested_token_type: '' })).not.toHaveProperty('actor');
  });

  it.each([
    ['subject_token_type', 'urn:ietf:params:oauth:token-type:refresh_token'],
    ['subject_token_type', 'urn:ietf:params:oauth:token-type:saml2'],
    ['requested_token_type', 'urn:ietf:params:oauth:token-type:txn_token'],
  ])('refuses an unknown %s %s as an invalid token exchange', (name, type) => {
    expect(failure(() => parse({ ...base, [name]: type }))).toEqual({ type: InvalidRequestError, code: 'invalid_request', description: 'Invalid token exchange.' });
  });

  it('refuses an unknown actor_token_type the same way', () => {
    expect(failure(() => parse({ ...base, actor_token: 'a', actor_token_type: 'urn:x' })).description).toBe('Invalid token exchange.');
  });

  it('accepts the ID token type as syntax (the token-types step decides)', () => {
    expect(parse({ ...base, subject_token_type: ID_TOKEN_TYPE, requested_token_type: ID_TOKEN_TYPE }).requestedTokenType).toBe(ID_TOKEN_TYPE);
  });
});
