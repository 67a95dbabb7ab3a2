import { aClient } from '../test/fixtures';
import { checkResponseType } from './response-type.step';

describe('response type step (am-spec §3.1)', () => {
  it('accepts code for a client allowed it', () => {
    expect(checkResponseType(aClient(), 'code')).toBe('code');
  });

  it('answers invalid_request when response_type is missing', () => {
    expect(() => checkResponseType(aClient(), undefined)).toThrow(expect.objectContaining({ code: 'invalid_request', description: 'Missing parameters: response_type' }));
  });

  it('answers unsupported_response_type for anything but code, and for a client not allowed code', () => {
    for (const type of ['token', 'code id_token', 'none', 'magic']) {
      expect(() => checkResponseType(aClient(), type)).toThrow(expect.objectContaining({ status: 400, code: 'unsupported_response_type' }));
    }
    expect(() => checkResponseType(aClient({ responseTypes: ['token'] }), 'code')).toThrow(
      expect.objectContaining({ code: 'unsupported_response_type', description: 'Response type is not allowed for this client: code' }),
    );
  });
});
