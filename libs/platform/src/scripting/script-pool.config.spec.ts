import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig, validateConfig } from '../config/config';
import { scriptPoolConfig } from './script-pool.config';

describe('scriptPoolConfig', () => {
  it('defaults to min(2, cores) workers and a 1000 ms queue deadline, an empty value counting as unset', () => {
    expect(loadConfig(scriptPoolConfig, { MANDATE_SCRIPT_WORKERS: '' })).toEqual({
      MANDATE_SCRIPT_WORKERS: Math.min(2, availableParallelism()),
      MANDATE_SCRIPT_QUEUE_TIMEOUT_MS: 1000,
    });
  });

  it('reads both variables', () => {
    expect(loadConfig(scriptPoolConfig, { MANDATE_SCRIPT_WORKERS: '4', MANDATE_SCRIPT_QUEUE_TIMEOUT_MS: '250' })).toEqual({
      MANDATE_SCRIPT_WORKERS: 4,
      MANDATE_SCRIPT_QUEUE_TIMEOUT_MS: 250,
    });
  });

  it('stops the start listing every out-of-range value', () => {
    let error: unknown;
    try {
      validateConfig([scriptPoolConfig], { MANDATE_SCRIPT_WORKERS: '0', MANDATE_SCRIPT_QUEUE_TIMEOUT_MS: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^MANDATE_SCRIPT_WORKERS: /),
      expect.stringMatching(/^MANDATE_SCRIPT_QUEUE_TIMEOUT_MS: /),
    ]);
  });
});
