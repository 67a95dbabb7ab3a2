import { INTROSPECT_ALL_TOKENS, INTROSPECT_ALL_TOKENS_ANY_REALM, mayIntrospect } from './introspection-access';

describe('who may introspect a token (am-spec §7.2)', () => {
  const token = { client_id: 'digital-assistant-ai-agent', aud: ['digital-assistant-ai-agent', 'digital-assistant-web-app'] };
  const client = (clientId: string, scopes: string[] = ['read']) => ({ clientId, scopes });

  it('lets the client the token was issued to introspect it', () => {
    expect(mayIntrospect(client('digital-assistant-ai-agent'), token)).toBe(true);
    expect(mayIntrospect(client('hr-agent'), { client_id: 'hr-agent', aud: 'hr-agent' })).toBe(true);
  });

  it('lets a client named in an aud array introspect the token', () => {
    expect(mayIntrospect(client('digital-assistant-web-app'), token)).toBe(true);
  });

  it('lets a client named by a string aud introspect the token', () => {
    expect(mayIntrospect(client('access-log-api'), { client_id: 'bot-traffic-analyzer', aud: 'access-log-api' })).toBe(true);
  });

  it('lets a client with am-introspect-all-tokens (or its any-realm variant) introspect any token', () => {
    expect(mayIntrospect(client('resource-server', ['read', INTROSPECT_ALL_TOKENS]), token)).toBe(true);
    expect(mayIntrospect(client('resource-server', [INTROSPECT_ALL_TOKENS_ANY_REALM]), token)).toBe(true);
  });

  it('refuses any other client', () => {
    expect(mayIntrospect(client('hr-agent'), token)).toBe(false);
    expect(mayIntrospect(client('hr-agent', []), { client_id: 'data-agent', aud: 'data-agent' })).toBe(false);
  });

  it('does not take a scope that merely resembles the special one', () => {
    expect(mayIntrospect(client('hr-agent', ['am-introspect-all-tokens-please', 'AM-INTROSPECT-ALL-TOKENS']), token)).toBe(false);
  });
});
