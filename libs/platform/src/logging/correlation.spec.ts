import { currentCorrelationId, sanitizeCorrelationId, withCorrelationId } from './correlation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlation ids', () => {
  it('has none outside a correlation scope', () => {
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('exposes the given id inside the scope and returns the function’s result', () => {
    const result = withCorrelationId('req-1', () => currentCorrelationId());
    expect(result).toBe('req-1');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('keeps the id across awaits and timers', async () => {
    const seen = await withCorrelationId('req-async', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.resolve();
      return new Promise<string | undefined>((resolve) => setImmediate(() => resolve(currentCorrelationId())));
    });
    expect(seen).toBe('req-async');
  });

  it('keeps concurrent scopes apart', async () => {
    const run = (id: string, delay: number) =>
      withCorrelationId(id, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return currentCorrelationId();
      });
    expect(await Promise.all([run('a', 20), run('b', 1), run('c', 10)])).toEqual(['a', 'b', 'c']);
  });

  it('lets an inner scope shadow the outer one', () => {
    withCorrelationId('outer', () => {
      expect(withCorrelationId('inner', () => currentCorrelationId())).toBe('inner');
      expect(currentCorrelationId()).toBe('outer');
    });
  });

  it('generates a fresh UUID when no id is given', () => {
    const first = withCorrelationId(undefined, () => currentCorrelationId());
    const second = withCorrelationId(undefined, () => currentCorrelationId());
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it('replaces an unsafe id with a generated one', () => {
    const id = withCorrelationId('forged\n{"level":60}', () => currentCorrelationId());
    expect(id).toMatch(UUID);
  });
});

describe('sanitizeCorrelationId', () => {
  it.each(['abc', 'req-1', 'a.b_c:d-e', '0f8fad5b-d9cb-469f-a165-70867728950e', 'x'.repeat(128)])('accepts %p', (value) => {
    expect(sanitizeCorrelationId(value)).toBe(value);
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a newline', 'abc\ndef'],
    ['a space', 'abc def'],
    ['quotes and braces', '"}{"level":60'],
    ['a slash', 'a/b'],
    ['non-ASCII', 'äbc'],
    ['a number', 42],
    ['an array', ['abc']],
    ['undefined', undefined],
    ['null', null],
  ])('rejects %s', (_label, value) => {
    expect(sanitizeCorrelationId(value)).toBeUndefined();
  });
});
