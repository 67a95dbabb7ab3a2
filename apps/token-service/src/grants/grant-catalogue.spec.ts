import { GrantTypes, IMPLEMENTED_GRANT_TYPES, KNOWN_GRANT_TYPES } from '@mandate/oauth';
import type { GrantHandler } from './grant-handler';
import { GRANTS } from './grants';

/** Each grant the catalogue says is implemented has a handler, and each handler is in the catalogue. */
describe('the grant-type catalogue', () => {
  // A handler's grantType is a field: an instance made over inert dependencies shows it.
  const inert: unknown = new Proxy(function inertDependency() {
    return undefined;
  }, { get: () => inert, apply: () => inert, construct: () => inert as object });
  const handled = GRANTS.map((grant) => new (grant as unknown as new (...deps: unknown[]) => GrantHandler)(...Array(12).fill(inert)).grantType);

  it('has a handler for every implemented grant type, and no handler outside it', () => {
    expect([...handled].sort()).toEqual([...IMPLEMENTED_GRANT_TYPES].sort());
  });

  it('lists every implemented grant type among those a provider may enable', () => {
    for (const type of IMPLEMENTED_GRANT_TYPES) expect(KNOWN_GRANT_TYPES).toContain(type);
    expect(new Set(Object.values(GrantTypes)).size).toBe(KNOWN_GRANT_TYPES.length);
  });
});
