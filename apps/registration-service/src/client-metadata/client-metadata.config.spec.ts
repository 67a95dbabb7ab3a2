import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@mandate/platform';
import { workspaceRoot } from '@mandate/testing';
import { clientMetadataConfig } from './client-metadata.config';

const SWITCH = 'MANDATE_CIMD_ALLOW_LOOPBACK';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('the test-only loopback switch of client metadata documents', () => {
  it('is off by default, and only the exact value true turns it on', () => {
    expect(loadConfig(clientMetadataConfig, {}).MANDATE_CIMD_ALLOW_LOOPBACK).toBe(false);
    expect(loadConfig(clientMetadataConfig, { [SWITCH]: 'false' }).MANDATE_CIMD_ALLOW_LOOPBACK).toBe(false);
    expect(loadConfig(clientMetadataConfig, { [SWITCH]: 'true' }).MANDATE_CIMD_ALLOW_LOOPBACK).toBe(true);
    expect(() => loadConfig(clientMetadataConfig, { [SWITCH]: 'yes' })).toThrow(SWITCH);
  });

  it('is set by no shipped configuration: docker-compose, deploy/k8s, config/*.json, the Dockerfile', () => {
    const root = workspaceRoot();
    const shipped = [join(root, 'docker-compose.yml'), join(root, 'Dockerfile'), ...files(join(root, 'deploy')), ...files(join(root, 'config'))];
    expect(shipped.length).toBeGreaterThan(5);
    expect(shipped.filter((path) => readFileSync(path, 'utf8').includes(SWITCH))).toEqual([]);
  });
});
