import { executeMayActScript } from '../may-act/may-act.run';
import type { MayActInput } from '../may-act/may-act-script';
import { SEED_000_MAY_ACT_LEGACY, SEED_000_MAY_ACT_NEXT_GEN } from '../seed-scripts';
import { quickJsModule } from './quickjs-module';

const input: MayActInput = { clientProperties: { clientId: 'hr-agent' } };

/** Runs `expression` inside the sandbox and returns what it evaluated to, as JSON. */
async function probe(expression: string): Promise<unknown> {
  const result = await executeMayActScript(`token.setMayAct({ value: (function () { ${expression} })() });`, input);
  return result.mayAct?.['value'];
}

describe('sandbox isolation', () => {
  it.each([
    ['require', "require('fs')"],
    ['process', 'process.exit(1)'],
    ['the Function constructor reached through this', "this.constructor.constructor('return process')()"],
    ['the Function constructor reached through a host callback', "token.setMayAct.constructor('return process')()"],
    ['the Function constructor reached through a logger callback', "logger.info.constructor('return require')()('fs')"],
    ['globalThis', 'globalThis.process.mainModule.require("child_process")'],
  ])('gives no way to the host through %s', async (_name, source) => {
    await expect(executeMayActScript(source, input)).rejects.toMatchObject({ kind: 'error', message: expect.stringMatching(/^ReferenceError|^TypeError/) });
  });

  it('exposes no host or Node globals, and no Proxy or typed arrays', async () => {
    const names = ['require', 'process', 'module', 'exports', 'global', 'Buffer', 'setTimeout', 'fetch', 'std', 'os', 'Proxy', 'ArrayBuffer', 'SharedArrayBuffer', 'WebAssembly', 'httpClient'];
    const types = await probe(`return [${names.map((name) => `typeof ${name}`).join(', ')}];`);
    expect(types).toEqual(names.map(() => 'undefined'));
  });

  it('host callbacks are plain guest functions that leak nothing of the host', async () => {
    const probeResult = await probe(`
      var fn = token.setMayAct;
      var F = fn.constructor;
      return [F === Function, typeof fn.prototype, Object.keys(token).sort().join(','), String(F('return typeof globalThis.process')())];`);
    expect(probeResult).toEqual([true, 'undefined', 'getAct,getField,getMayAct,getScope,setMayAct', 'undefined']);
  });

  it('refuses dynamic import()', async () => {
    const result = await executeMayActScript(
      "import('fs').then(function () { token.setMayAct({ loaded: true }); }, function (e) { token.setMayAct({ rejected: String(e) }); });",
      input,
    );
    expect(result.mayAct).toEqual({ rejected: "ReferenceError: could not load module 'fs'" });
  });

  it('eval stays inside the sandbox', async () => {
    expect(await probe("return eval('typeof process') + ' ' + (0, eval)('1 + 1');")).toBe('undefined 2');
  });

  it('starts every run from a fresh context: globals and prototype changes do not leak between runs', async () => {
    await executeMayActScript(
      "globalThis.leaked = 'secret'; var alsoLeaked = 1; Object.prototype.polluted = true; JSON.stringify = function () { return '{}'; }; token.setMayAct({ a: 1 });",
      input,
    );
    expect(await probe("return [typeof leaked, typeof alsoLeaked, ({}).polluted === undefined, JSON.stringify({ b: 1 })];")).toEqual([
      'undefined',
      'undefined',
      true,
      '{"b":1}',
    ]);
  });

  it('a script replacing JSON cannot corrupt what the host reads back', async () => {
    const result = await executeMayActScript(
      "JSON.stringify = function () { return 'not json'; }; JSON.parse = function () { return 42; }; token.setMayAct({ client_id: 'hr-agent' }); logger.info('{}', token.getMayAct());",
      input,
    );
    expect(result).toEqual({ mayAct: { client_id: 'hr-agent' }, logs: [{ level: 'info', message: '{"client_id":"hr-agent"}' }] });
  });

  it('runs 20 concurrent scripts of both styles, each with its own result', async () => {
    const runs = Array.from({ length: 20 }, (_, i) =>
      executeMayActScript(i % 2 ? SEED_000_MAY_ACT_LEGACY : SEED_000_MAY_ACT_NEXT_GEN.replace('hr-agent', `agent-${i}`).replace('hr-agent', `agent-${i}`), input),
    );
    const results = await Promise.all(runs);
    results.forEach((result, i) => {
      const agent = i % 2 ? 'hr-agent' : `agent-${i}`;
      expect(result.mayAct).toEqual({ client_id: agent, sub: `(age!${agent})` });
    });
  });

  it('loads the WebAssembly module once and reuses it', async () => {
    const first = await quickJsModule();
    await executeMayActScript(SEED_000_MAY_ACT_NEXT_GEN, input);
    expect(await quickJsModule()).toBe(first);
  });
});
