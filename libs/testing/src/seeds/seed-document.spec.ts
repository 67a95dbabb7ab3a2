import { join } from 'node:path';
import { parseSeed, readSeed } from './seed-document';
import { SEED_FILES, type SeedFile, seedCommands, seedFixture, seedPagesDir } from './seed-fixtures';
import { compareWithDocument } from './seed-replay';

// The flows come from the pages when they are beside the checkout (CI), else from the project's
// fixtures (a user's clone): the same expectations hold for both.
const read = (file: SeedFile) => seedCommands(file).commands;
const pages = seedPagesDir();

(pages ? describe : describe.skip)('the project’s seed fixtures (../shared/seeds present)', () => {
  it.each(SEED_FILES)('are exactly what the parser reads from page %s (run `npm run seeds:fixtures` after a page changes)', (file) => {
    expect(seedFixture(file)).toEqual(readSeed(join(pages as string, file)));
  });
});

describe('reading a seed page', () => {
  it('reads seed 000’s five curl commands with their printed responses', () => {
    const commands = read('000_6d070ab4d2ce618c.txt');
    expect(commands.map((c) => c.line)).toEqual([149, 165, 184, 205, 223]);
    expect(commands[0].argv).toEqual([
      'curl',
      '--request',
      'POST',
      '--header',
      'X-OpenAM-Username: bjensen',
      '--header',
      'X-OpenAM-Password: Ch4ng31t',
      '--header',
      'Accept-API-Version: resource=2.0, protocol=1.0',
      'https://am.example.com:8443/am/json/realms/root/realms/alpha/authenticate',
    ]);
    expect(commands[0].documentedJson).toEqual({ tokenId: 'user-token', successUrl: '/am/console', realm: '/alpha' });
    expect(commands[1].documentedHeaders.location).toBe('https://www.example.com:443/callback?code=authorization-code&iss=https%3A%2F%2F…');
    // The page's misplaced comma ("new-refresh-token,") is read as the value it means.
    expect(commands[4].documentedJson).toMatchObject({ refresh_token: 'new-refresh-token', issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
  });

  it('reads a multi-line JSON body and the one-line AIC format with its callouts', () => {
    const dcr = read('002_bc3c441662325754.txt')[0];
    expect(JSON.parse(dcr.argv[dcr.argv.indexOf('--data') + 1])).toEqual({
      grant_types: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      client_name: 'software agent',
      response_types: ['token'],
      redirect_uris: ['https://www.example.com:443/callback'],
      scopes: ['read', 'write'],
    });
    const [password] = read('003_189c1fa150a53e5f.txt');
    expect(password.argv.slice(-2)).toEqual(['--data-urlencode', 'scope=<application-scopes>']);
    expect(password.documentedJson).toEqual({ access_token: 'eyJ0eXAiOi...nbCv_gODEw', refresh_token: 'eyJ0eXAiOi...1HXGCc8z0s', scope: 'openid', token_type: 'Bearer', expires_in: 3599 });
  });

  it('finds every command of the five pages', () => {
    const counts = SEED_FILES.map((f) => read(f).length);
    expect(counts).toEqual([5, 3, 3, 4, 4]);
  });

  it('keeps quoted words whole and ends a command at an unescaped newline', () => {
    expect(parseSeed("$ curl --data 'a b' \\\n --header \"X: y\" 'http://h/p'\n{\"k\": 1}\n")).toEqual([
      { line: 1, argv: ['curl', '--data', 'a b', '--header', 'X: y', 'http://h/p'], documentedJson: { k: 1 }, documentedHeaders: {} },
    ]);
  });
});

describe('comparing with the printed response', () => {
  const origin = 'http://127.0.0.1:8080';

  it('accepts generated values, remembers them, and holds later responses to them', () => {
    const captured = new Map<string, string>();
    const uuid = '2199ef22-7927-4ecf-8345-ee58df8f6328';
    expect(compareWithDocument({ access_token: 'abc', sub: '11111111-2222-4333-8444-555555555555' }, { access_token: 'user-token', sub: uuid }, { origin, captured })).toEqual([]);
    expect(captured.get('user-token')).toBe('abc');
    expect(compareWithDocument({ sub: '99999999-2222-4333-8444-555555555555' }, { sub: uuid }, { origin, captured })).toEqual([
      `sub: "${uuid}" was "11111111-2222-4333-8444-555555555555" earlier in this run, now "99999999-2222-4333-8444-555555555555"`,
    ]);
  });

  it('compares literals after the host change, scopes in any order, and reads null as absent', () => {
    const documented = { iss: 'https://<tenant-env-fqdn>:443/am/oauth2/realms/root/realms/alpha', scope: ['b', 'a'], refresh_token: null, token_type: 'Bearer' };
    expect(compareWithDocument({ iss: `${origin}/am/oauth2/realms/root/realms/alpha`, scope: ['a', 'b'], token_type: 'Bearer' }, documented, { origin, captured: new Map() })).toEqual([]);
    expect(compareWithDocument({ iss: 'x', scope: ['a'], refresh_token: 'r', token_type: 'N_A' }, documented, { origin, captured: new Map() })).toHaveLength(4);
  });

  it('checks an elided token’s format by its start', () => {
    expect(compareWithDocument({ access_token: 'opaque' }, { access_token: 'eyJ0eXAiOi...nbCv' }, { origin, captured: new Map() })).toEqual([
      'access_token: expected a value starting "eyJ0eXAiOi", got "opaque"',
    ]);
  });
});
