import type { ExchangeRequest } from './exchange-request.parser';
import { checkTokenTypes } from './token-types.step';
import { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE } from './token-types';

const request = (overrides: Partial<ExchangeRequest> = {}): ExchangeRequest => ({
  subjectToken: 's',
  subjectTokenType: ACCESS_TOKEN_TYPE,
  requestedTokenType: ACCESS_TOKEN_TYPE,
  audiences: [],
  ...overrides,
});

describe('checkTokenTypes', () => {
  it('lets access token ⇒ access token through, with or without an actor', () => {
    expect(() => checkTokenTypes(request())).not.toThrow();
    expect(() => checkTokenTypes(request({ actor: { token: 'a', tokenType: ACCESS_TOKEN_TYPE } }))).not.toThrow();
  });

  it.each([
    ['an ID token as subject', request({ subjectTokenType: ID_TOKEN_TYPE })],
    ['an ID token as actor', request({ actor: { token: 'a', tokenType: ID_TOKEN_TYPE } })],
    ['an ID token requested', request({ requestedTokenType: ID_TOKEN_TYPE })],
  ])('refuses %s: Mandate issues no ID tokens yet', (_name, req) => {
    expect(() => checkTokenTypes(req)).toThrow(expect.objectContaining({ code: 'invalid_request', description: 'Invalid token exchange.' }));
  });
});
