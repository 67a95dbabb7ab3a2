import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { workspaceRoot } from '@mandate/testing';
import pino from 'pino';
import { importFileSchema } from './import-file.schema';
import { secretsIn, warnOfPublicSecrets } from './public-secrets';

const DEMO = join(workspaceRoot(), 'config', 'demo.json');

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('the warning for an import file with public secrets', () => {
  const demo = () => importFileSchema.parse(JSON.parse(readFileSync(DEMO, 'utf8')));

  it('warns once for config/demo.json, naming the file and where its secrets are, never their values', () => {
    const { logger, lines } = capturingLogger();
    warnOfPublicSecrets(logger, 'config/demo.json', demo());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      file: 'config/demo.json',
      msg:
        'MANDATE_IMPORT config/demo.json contains 9 secrets (client secrets, user passwords) that are public: ' +
        'use it for a demo only and never beyond one (no real users, no network others can reach)',
    });
    expect(JSON.stringify(lines)).not.toContain('mySecret');
    expect(JSON.stringify(lines)).not.toContain('Ch4ng31t');
  });

  it('finds every client, agent and user secret of config/demo.json', () => {
    expect(secretsIn(demo())).toEqual([
      'clients./alpha.hr-client',
      'clients./alpha.digital-assistant-web-app',
      'clients./alpha.web-server-logs-api-app',
      'agents./alpha.hr-agent',
      'agents./alpha.data-agent',
      'agents./alpha.risk-agent',
      'agents./alpha.digital-assistant-ai-agent',
      'agents./alpha.bot-traffic-analyzer-agent',
      'users./alpha.bjensen',
    ]);
  });

  it('says nothing for a file without secrets', () => {
    const { logger, lines } = capturingLogger();
    const file = importFileSchema.parse({
      realms: ['/alpha'],
      users: { '/alpha': [{ username: 'nopass' }] },
      clients: { '/alpha': { 'public-client': { coreOAuth2ClientConfig: { clientType: 'Public' } } } },
    });
    warnOfPublicSecrets(logger, 'config/prod.json', file);
    expect(lines).toEqual([]);
  });
});
