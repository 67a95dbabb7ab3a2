import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { writeComposeEnv } from './compose-env';

describe('compose:env', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'compose-env-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a key-encryption key, a Postgres password and an amadmin password, readable by its owner only', () => {
    const path = join(dir, '.env');
    expect(writeComposeEnv(path)).toEqual({ path, created: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const env = parseEnv(readFileSync(path, 'utf8'));
    expect(Object.keys(env).sort()).toEqual(['AM_ADMIN_PASSWORD', 'MANDATE_KEY_ENCRYPTION_KEY', 'POSTGRES_PASSWORD']);
    expect(Buffer.from(env.MANDATE_KEY_ENCRYPTION_KEY ?? '', 'base64')).toHaveLength(32);
    expect(env.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(env.AM_ADMIN_PASSWORD?.length).toBeGreaterThanOrEqual(8);
  });

  it('generates new secrets for every file', () => {
    writeComposeEnv(join(dir, 'a.env'));
    writeComposeEnv(join(dir, 'b.env'));
    const a = parseEnv(readFileSync(join(dir, 'a.env'), 'utf8'));
    const b = parseEnv(readFileSync(join(dir, 'b.env'), 'utf8'));
    expect(a.MANDATE_KEY_ENCRYPTION_KEY).not.toBe(b.MANDATE_KEY_ENCRYPTION_KEY);
    expect(a.POSTGRES_PASSWORD).not.toBe(b.POSTGRES_PASSWORD);
  });

  it('never overwrites an existing env file', () => {
    const path = join(dir, '.env');
    writeFileSync(path, 'POSTGRES_PASSWORD=chosen-by-the-operator\n', { mode: 0o640 });
    expect(writeComposeEnv(path)).toEqual({ path, created: false });
    expect(readFileSync(path, 'utf8')).toBe('POSTGRES_PASSWORD=chosen-by-the-operator\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });
});
