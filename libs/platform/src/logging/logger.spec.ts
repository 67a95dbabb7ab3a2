import pino from 'pino';
import { PinoNestLogger, createLogger, type Logger } from './logger';
import { withCorrelationId } from './correlation';

/** Points the logger's own pino stream at an array, so the real serialisation and redaction run. */
function capture(logger: Logger): Array<Record<string, unknown> & { raw: string }> {
  const lines: Array<Record<string, unknown> & { raw: string }> = [];
  (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = {
    write: (chunk: string) => {
      for (const raw of chunk.split('\n').filter(Boolean)) lines.push({ ...JSON.parse(raw), raw });
    },
  };
  return lines;
}

describe('createLogger', () => {
  it('redacts credentials at the top level and one level down', () => {
    const logger = createLogger('test-service');
    const lines = capture(logger);
    logger.info(
      {
        client_secret: 's3cr3t-client',
        password: 'top-pw',
        body: { password: 'p4ssw0rd', client_secret: 'nested-s3cr3t', subject_token: 'eyJ.subject', actor_token: 'eyJ.actor' },
        tokens: { access_token: 'at-value', refresh_token: 'rt-value', code_verifier: 'verifier-value' },
        headers: { authorization: 'Basic aHI6c2VjcmV0', cookie: 'iPlanetDirectoryPro=abc' },
        req: { headers: { 'x-openam-password': 'hdr-pw', iplanetdirectorypro: 'sso-token-value' } },
        keep: 'visible',
      },
      'x',
    );
    expect(lines).toHaveLength(1);
    const raw = lines[0].raw;
    for (const secret of [
      's3cr3t-client',
      'top-pw',
      'p4ssw0rd',
      'nested-s3cr3t',
      'eyJ.subject',
      'eyJ.actor',
      'at-value',
      'rt-value',
      'verifier-value',
      'aHI6c2VjcmV0',
      'iPlanetDirectoryPro=abc',
      'hdr-pw',
      'sso-token-value',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      client_secret: '[redacted]',
      password: '[redacted]',
      body: { password: '[redacted]', client_secret: '[redacted]' },
      keep: 'visible',
      msg: 'x',
    });
  });

  it('tags each line with the service, level and ISO time', () => {
    const logger = createLogger('registration-service', 'debug');
    const lines = capture(logger);
    logger.debug('hello');
    expect(lines[0]).toMatchObject({ service: 'registration-service', level: 20, msg: 'hello' });
    expect(new Date(lines[0]['time'] as string).toISOString()).toBe(lines[0]['time']);
  });

  it('carries the current correlation id, and none outside a scope', () => {
    const logger = createLogger('test-service');
    const lines = capture(logger);
    withCorrelationId('corr-42', () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', correlationId: 'corr-42' });
    expect(lines[1]['msg']).toBe('outside');
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('drops lines below its level', () => {
    const logger = createLogger('test-service', 'warn');
    const lines = capture(logger);
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((l) => l['msg'])).toEqual(['loud']);
  });
});

describe('PinoNestLogger', () => {
  it('writes Nest’s routine messages at debug and its errors at error, with their context', () => {
    const logger = createLogger('nest', 'trace');
    const lines = capture(logger);
    const nest = new PinoNestLogger(logger);
    nest.log('Mapped {/health, GET}', 'RouterExplorer');
    nest.error('failed', 'Error: at x', 'ExceptionHandler');
    nest.warn('careful', 'Ctx');
    nest.verbose('chatty', 'Ctx');
    expect(lines.map((l) => [l['level'], l['msg'], l['context']])).toEqual([
      [20, 'Mapped {/health, GET}', 'RouterExplorer'],
      [50, 'failed', 'ExceptionHandler'],
      [40, 'careful', 'Ctx'],
      [10, 'chatty', 'Ctx'],
    ]);
    expect(lines[1]['trace']).toBe('Error: at x');
  });
});
