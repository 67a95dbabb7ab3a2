import {
  SEED_000_MAY_ACT_LEGACY,
  SEED_000_MAY_ACT_NEXT_GEN,
  SEED_001_MAY_ACT_LEGACY,
  SEED_001_MAY_ACT_NEXT_GEN,
  SEED_002_MAY_ACT_LEGACY,
  SEED_002_MAY_ACT_NEXT_GEN,
} from '../seed-scripts';
import { ScriptError } from '../script-error';
import { closeScriptPool, configureScriptPool } from '../pool/default-pool';
import { runMayActScript, type MayActInput } from './may-act-script';

// The process's pool, as the services use it; the queue deadline leaves room for a cold worker start under ts.
beforeAll(() => configureScriptPool({ queueTimeoutMs: 60_000 }).start());
afterAll(() => closeScriptPool());

const input: MayActInput = {
  token: { claims: { sub: 'bjensen', client_id: 'hr-client', scope: 'read', act: { sub: 'someone' } }, scope: ['read', 'write'] },
  clientProperties: {
    clientId: 'hr-client',
    allowedGrantTypes: ['authorization_code', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    allowedScopes: ['read', 'write'],
    customProperties: { team: 'hr' },
  },
  scopes: ['read'],
  requestProperties: {
    requestUri: 'https://am.example.com/am/oauth2/realms/root/realms/alpha/access_token',
    realm: '/alpha',
    requestParams: { grant_type: ['urn:ietf:params:oauth:grant-type:token-exchange'] },
    requestHeaders: { 'Content-Type': ['application/x-www-form-urlencoded'] },
  },
  identity: { username: 'bjensen', mail: ['bjensen@example.com'] },
};

describe('may-act scripts (am-spec §12.1)', () => {
  it.each([
    ['seed 000 next-generation', SEED_000_MAY_ACT_NEXT_GEN, 'hr-agent'],
    ['seed 000 legacy (JavaImporter + JsonValue)', SEED_000_MAY_ACT_LEGACY, 'hr-agent'],
    ['seed 001 next-generation', SEED_001_MAY_ACT_NEXT_GEN, 'risk-agent'],
    ['seed 001 legacy', SEED_001_MAY_ACT_LEGACY, 'risk-agent'],
  ])('%s sets the static may_act claim', async (_name, source, agent) => {
    await expect(runMayActScript(source, input)).resolves.toEqual({
      mayAct: { client_id: agent, sub: `(age!${agent})` },
      logs: [],
    });
  });

  it.each([
    ['next-generation', SEED_002_MAY_ACT_NEXT_GEN],
    ['legacy', SEED_002_MAY_ACT_LEGACY],
  ])('seed 002 %s derives may_act from clientProperties.clientId', async (_name, source) => {
    const result = await runMayActScript(source, { clientProperties: { clientId: 'software-agent-7f3a' } });
    expect(result.mayAct).toEqual({ client_id: 'software-agent-7f3a', sub: '(age!software-agent-7f3a)' });
  });

  it('exposes clientProperties, scopes, requestProperties and identity as plain data', async () => {
    const result = await runMayActScript(
      `token.setMayAct({
         client: clientProperties.clientId,
         grants: clientProperties.allowedGrantTypes.length,
         team: clientProperties.customProperties.team,
         scopes: scopes,
         realm: requestProperties.realm,
         grant: requestProperties.requestParams.grant_type[0],
         contentType: requestProperties.requestHeaders['Content-Type'][0],
         user: identity.username
       });`,
      input,
    );
    expect(result.mayAct).toEqual({
      client: 'hr-client',
      grants: 2,
      team: 'hr',
      scopes: ['read'],
      realm: '/alpha',
      grant: 'urn:ietf:params:oauth:grant-type:token-exchange',
      contentType: 'application/x-www-form-urlencoded',
      user: 'bjensen',
    });
  });

  it('gives read access to the token claims, scope, act and the current may_act', async () => {
    const source = `
      var before = token.getMayAct();
      token.setMayAct({ client_id: 'hr-agent' });
      token.setMayAct({
        before: before,
        after: token.getMayAct(),
        sub: token.getField('sub'),
        missing: token.getField('nope'),
        scope: token.getScope(),
        act: token.getAct()
      });`;
    const result = await runMayActScript(source, input);
    expect(result.mayAct).toEqual({
      before: null,
      after: { client_id: 'hr-agent' },
      sub: 'bjensen',
      missing: null,
      scope: ['read', 'write'],
      act: { sub: 'someone' },
    });
  });

  it('keeps arrays in may_act and unwraps JsonValues nested in it', async () => {
    const source = `
      var J = JavaImporter(org.forgerock.json.JsonValue).JsonValue;
      var agents = J.json(J.array('hr-agent'));
      agents.add('risk-agent');
      var inner = J.json(J.object(J.field('sub', '(age!hr-agent)')));
      token.setMayAct({ client_id: agents, nested: inner, plain: ['a', 1, true, null] });`;
    const result = await runMayActScript(source, input);
    expect(result.mayAct).toEqual({
      client_id: ['hr-agent', 'risk-agent'],
      nested: { sub: '(age!hr-agent)' },
      plain: ['a', 1, true, null],
    });
  });

  it('emulates the JsonValue reads legacy scripts use', async () => {
    const source = `
      var frJava = JavaImporter(org.forgerock.json.JsonValue, java.lang.String);
      var v = frJava.JsonValue.json({ a: { b: 'c' }, list: [1, 2] });
      token.setMayAct({
        b: v.get('a').get('b').asString(),
        missingIsNull: v.get('zzz').isNull(),
        defined: v.isDefined('list'),
        second: v.get('list').get(1).getObject(),
        text: String(v.get('a')),
        javaString: frJava.String('x') + java.lang.String.valueOf(1)
      });`;
    const result = await runMayActScript(source, input);
    expect(result.mayAct).toEqual({ b: 'c', missingIsNull: true, defined: true, second: 2, text: '{"b":"c"}', javaString: 'x1' });
  });

  it('rejects a JavaImporter argument that is not an emulated class', async () => {
    const failure = runMayActScript('JavaImporter(org.forgerock.openam.Nope)', input);
    await expect(failure).rejects.toBeInstanceOf(ScriptError);
    await expect(failure).rejects.toMatchObject({ kind: 'error' });
  });

  it('returns no may_act when the script sets none, and clears it on setMayAct(null)', async () => {
    await expect(runMayActScript('var x = 1;', input)).resolves.toEqual({ mayAct: undefined, logs: [] });
    const cleared = await runMayActScript("token.setMayAct({ client_id: 'a' }); token.setMayAct(null);", input);
    expect(cleared.mayAct).toBeUndefined();
  });

  it('fails the run when setMayAct is given something other than an object', async () => {
    await expect(runMayActScript("token.setMayAct('hr-agent')", input)).rejects.toMatchObject({
      kind: 'error',
      message: 'TypeError: token.setMayAct expects an object (line 1)',
    });
    await expect(runMayActScript("token.setMayAct(['hr-agent'])", input)).rejects.toMatchObject({ kind: 'error' });
  });

  it('captures logger output in both API styles instead of printing it', async () => {
    const source = `
      logger.message('legacy message');
      logger.warning('legacy warning');
      logger.info('client {} asked for {}', clientProperties.clientId, scopes);
      logger.debug('no placeholder', 'extra');
      logger.error('failed: {}', new Error('nope'));
      logger.trace('{} {}', 'only one');
      if (logger.isDebugEnabled()) token.setMayAct({ client_id: 'hr-agent' });`;
    const result = await runMayActScript(source, input);
    expect(result.logs).toEqual([
      { level: 'debug', message: 'legacy message' },
      { level: 'warn', message: 'legacy warning' },
      { level: 'info', message: 'client hr-client asked for ["read"]' },
      { level: 'debug', message: 'no placeholder' },
      { level: 'error', message: 'failed: Error: nope' },
      { level: 'trace', message: 'only one {}' },
    ]);
    expect(result.mayAct).toEqual({ client_id: 'hr-agent' });
  });

  it('caps what a chatty script can log', async () => {
    const result = await runMayActScript("for (var i = 0; i < 500; i++) logger.info('x'.repeat(5000));", input);
    expect(result.logs).toHaveLength(101);
    expect(result.logs[0].message).toHaveLength(2001);
    expect(result.logs[100]).toEqual({ level: 'warn', message: '400 further script log lines were dropped' });
  });

  it('lets a script shadow a binding without affecting the result plumbing', async () => {
    const result = await runMayActScript("var org = 5; logger = { info: function () {} }; logger.info('x'); token.setMayAct({ org: org });", input);
    expect(result).toEqual({ mayAct: { org: 5 }, logs: [] });
  });
});
