import { z } from 'zod';
import { ContractViolation, parseMessage } from './validate';
import { isErrorEnvelope } from './error-envelope';
import { realmPathSchema, realmResolveRequestSchema } from '../realm/realm-resolve.message';
import { discoveryGetRequestSchema } from '../discovery/discovery-get.message';

describe('parseMessage', () => {
  const schema = z.object({
    realm: realmPathSchema,
    client: z.object({ id: z.string().min(1), scopes: z.array(z.string()) }),
  });

  it('returns the parsed message when it matches its contract', () => {
    const message = { realm: '/alpha', client: { id: 'hr-agent', scopes: ['openid'] } };
    expect(parseMessage('test.subject', schema, message)).toEqual(message);
  });

  it('strips members the contract does not declare', () => {
    expect(parseMessage('registration.realm.resolve', realmResolveRequestSchema, { realm: '/', extra: 1 })).toEqual({ realm: '/' });
  });

  it('throws a ContractViolation that names the subject and lists every issue with its path', () => {
    let caught: unknown;
    try {
      parseMessage('test.subject', schema, { realm: 'alpha', client: { id: '', scopes: 'openid' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractViolation);
    const violation = caught as ContractViolation;
    expect(violation.name).toBe('ContractViolation');
    expect(violation.subject).toBe('test.subject');
    expect(violation.issues).toHaveLength(3);
    expect(violation.issues).toEqual(
      expect.arrayContaining([
        'realm: a realm path such as / or /alpha',
        expect.stringMatching(/^client\.id: /),
        expect.stringMatching(/^client\.scopes: /),
      ]),
    );
    expect(violation.message).toContain('message on test.subject violates its contract');
    for (const issue of violation.issues) expect(violation.message).toContain(issue);
  });

  it('reports a wrong top-level type at (root)', () => {
    expect(() => parseMessage('test.subject', schema, 'not an object')).toThrow(
      expect.objectContaining({ issues: [expect.stringMatching(/^\(root\): /)] }),
    );
  });

  it('reports a missing member by its path', () => {
    expect(() => parseMessage('registration.discovery.get', discoveryGetRequestSchema, { realm: '/' })).toThrow(
      expect.objectContaining({ issues: [expect.stringMatching(/^document: /)] }),
    );
  });

  it('turns a violation into a server_error envelope that does not reveal the issues', () => {
    const violation = new ContractViolation('test.subject', ['realm: secret-ish detail']);
    const envelope = violation.toEnvelope();
    expect(envelope).toEqual({
      mandateError: true,
      kind: 'oauth',
      status: 500,
      code: 'server_error',
      description: 'Internal message contract violated',
    });
    expect(isErrorEnvelope(envelope)).toBe(true);
    expect(JSON.stringify(envelope)).not.toContain('secret-ish');
  });
});
