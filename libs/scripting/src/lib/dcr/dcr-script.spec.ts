import { SEED_002_DCR } from '../seed-scripts';
import { closeScriptPool, configureScriptPool } from '../pool/default-pool';
import { runDcrScript, type DcrInput } from './dcr-script';

// The process's pool, as the services use it; the queue deadline leaves room for a cold worker start under ts.
beforeAll(() => configureScriptPool({ queueTimeoutMs: 60_000 }).start());
afterAll(() => closeScriptPool());

const agent: DcrInput = {
  operation: 'CREATE',
  clientIdentity: { name: 'software-agent-7f3a', isAIAgent: true, attributes: { grantTypes: ['client_credentials'] } },
  requestProperties: { requestUri: 'https://am.example.com/am/oauth2/realms/root/realms/alpha/register', realm: '/alpha' },
};

describe('DCR scripts (am-spec §11.5)', () => {
  it('seed 002 DCR script turns on the provider overrides, the may-act script and client-side tokens for a new AI agent', async () => {
    await expect(runDcrScript(SEED_002_DCR, agent)).resolves.toEqual({
      attributes: {
        grantTypes: ['client_credentials'],
        providerOverridesEnabled: ['true'],
        accessTokenMayActScript: ['4478ca08-5a2a-4b1a-adee-d57c5c032d72'],
        statelessTokensEnabled: ['true'],
      },
      stored: true,
      logs: [],
    });
  });

  it('seed 002 DCR script leaves an ordinary client alone', async () => {
    const result = await runDcrScript(SEED_002_DCR, { ...agent, clientIdentity: { name: 'web-app', isAIAgent: false } });
    expect(result).toEqual({ attributes: {}, stored: false, logs: [] });
  });

  it.each(['UPDATE', 'DELETE'] as const)('seed 002 DCR script does nothing on %s', async (operation) => {
    const clientIdentity = operation === 'DELETE' ? null : agent.clientIdentity;
    const result = await runDcrScript(SEED_002_DCR, { ...agent, operation, clientIdentity });
    expect(result.stored).toBe(false);
  });

  it('reads and edits attributes, reporting the map as of the last store()', async () => {
    const source = `
      var name = clientIdentity.getName();
      clientIdentity.addAttribute('grantTypes', 'urn:ietf:params:oauth:grant-type:token-exchange');
      clientIdentity.setAttribute('AgentType', [softwareStatement.agent_type]);
      clientIdentity.setAttribute('description', [name, operation, requestProperties.realm]);
      logger.info('grants now {}', clientIdentity.getAttributeValues('grantTypes'));
      clientIdentity.store();
      clientIdentity.setAttribute('notStored', ['x']);`;
    const result = await runDcrScript(source, { ...agent, softwareStatement: { agent_type: 'autonomous' } });
    expect(result).toEqual({
      attributes: {
        grantTypes: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        AgentType: ['autonomous'],
        description: ['software-agent-7f3a', 'CREATE', '/alpha'],
      },
      stored: true,
      logs: [{ level: 'info', message: 'grants now ["client_credentials","urn:ietf:params:oauth:grant-type:token-exchange"]' }],
    });
  });

  it('reports unstored edits with stored=false', async () => {
    const result = await runDcrScript("clientIdentity.setAttribute('x', ['1']);", agent);
    expect(result).toEqual({ attributes: { grantTypes: ['client_credentials'], x: ['1'] }, stored: false, logs: [] });
  });

  it('binds softwareStatement to {} when there is none, clientIdentity to null on DELETE, and no httpClient', async () => {
    const source = `
      if (typeof httpClient !== 'undefined') throw new Error('httpClient must be absent');
      if (clientIdentity !== null) throw new Error('clientIdentity must be null');
      if (JSON.stringify(softwareStatement) !== '{}') throw new Error('softwareStatement must be {}');
      logger.info(operation);`;
    const result = await runDcrScript(source, { operation: 'DELETE', clientIdentity: null });
    expect(result.logs).toEqual([{ level: 'info', message: 'DELETE' }]);
  });

  it('fails the run when setAttribute is not given an array', async () => {
    await expect(runDcrScript("clientIdentity.setAttribute('x', 'true')", agent)).rejects.toMatchObject({
      kind: 'error',
      message: 'TypeError: clientIdentity.setAttribute expects an array of values (line 1)',
    });
  });
});
