import { errorEnvelopeSchema, isErrorEnvelope } from './error-envelope';

describe('isErrorEnvelope', () => {
  const oauth = { mandateError: true, kind: 'oauth', status: 400, code: 'invalid_grant', description: 'The provided access grant is invalid' };
  const crest = {
    mandateError: true,
    kind: 'crest',
    status: 401,
    code: 'Unauthorized',
    description: 'Login failure',
    detail: { failureUrl: '' },
    headers: { 'WWW-Authenticate': 'Basic realm="oauth2"' },
  };

  it('recognises OAuth and CREST envelopes', () => {
    expect(isErrorEnvelope(oauth)).toBe(true);
    expect(isErrorEnvelope(crest)).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'invalid_grant'],
    ['an Error', new Error('boom')],
    ['a reply without the marker', { kind: 'oauth', status: 400, code: 'x', description: '' }],
    ['a marker that is not literally true', { ...{ kind: 'oauth', status: 400, code: 'x', description: '' }, mandateError: 'true' }],
    ['an unknown kind', { mandateError: true, kind: 'http', status: 400, code: 'x', description: '' }],
    ['a status below 400', { mandateError: true, kind: 'oauth', status: 302, code: 'x', description: '' }],
    ['a status above 599', { mandateError: true, kind: 'oauth', status: 600, code: 'x', description: '' }],
    ['a fractional status', { mandateError: true, kind: 'oauth', status: 400.5, code: 'x', description: '' }],
    ['an empty code', { mandateError: true, kind: 'oauth', status: 400, code: '', description: '' }],
    ['no description', { mandateError: true, kind: 'oauth', status: 400, code: 'x' }],
    ['non-string headers', { mandateError: true, kind: 'oauth', status: 401, code: 'x', description: '', headers: { a: 1 } }],
    ['Nest’s generic error', { status: 'error', message: 'Internal server error' }],
  ])('refuses %s', (_label, value) => {
    expect(isErrorEnvelope(value)).toBe(false);
  });

  it('keeps public detail and headers when parsed', () => {
    expect(errorEnvelopeSchema.parse(crest)).toEqual(crest);
  });
});
