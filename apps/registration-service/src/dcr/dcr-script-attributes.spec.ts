import { clientDefaults } from '../clients/client-config.defaults';
import { applyScriptAttributes, toScriptAttributes } from './dcr-script-attributes';

describe('DCR script attributes (am-spec §11.5)', () => {
  const config = clientDefaults('AIAgent');

  it('shows the client as short names with string-array values', () => {
    const attributes = toScriptAttributes('AIAgent', config);
    expect(attributes).toMatchObject({
      AgentType: ['AIAgent'],
      clientType: ['Confidential'],
      grantTypes: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      providerOverridesEnabled: ['false'],
      accessTokenMayActScript: ['[Empty]'],
      accessTokenLifetime: ['0'],
    });
  });

  it('writes back what seed 002’s script stores, typed as the member it names', () => {
    const before = toScriptAttributes('AIAgent', config);
    const stored = {
      ...before,
      providerOverridesEnabled: ['true'],
      accessTokenMayActScript: ['4478ca08-5a2a-4b1a-adee-d57c5c032d72'],
      statelessTokensEnabled: ['true'],
      accessTokenLifetime: ['60'],
      scopes: ['read'],
    };
    const { config: next, ignored, problems } = applyScriptAttributes(config, before, stored);
    expect(next['overrideOAuth2ClientConfig']).toMatchObject({ providerOverridesEnabled: true, accessTokenMayActScript: '4478ca08-5a2a-4b1a-adee-d57c5c032d72', statelessTokensEnabled: true });
    expect(next['coreOAuth2ClientConfig']).toMatchObject({ accessTokenLifetime: 60, scopes: ['read'] });
    expect([ignored, problems]).toEqual([[], []]);
  });

  it('ignores the agent type and names no section holds, and reports values that do not fit', () => {
    const before = toScriptAttributes('AIAgent', config);
    const { ignored, problems } = applyScriptAttributes(config, before, { ...before, AgentType: ['OAuth2Client'], aiAgentIdentityUid: ['x'], statelessTokensEnabled: ['yes'] });
    expect(ignored).toEqual(['AgentType', 'aiAgentIdentityUid']);
    expect(problems).toEqual(['statelessTokensEnabled must be ["true"] or ["false"]']);
  });
});
