import { JsonTooDeepError, MAX_JSON_DEPTH, assertJsonDepth } from './json-depth';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('assertJsonDepth', () => {
  it('accepts JSON nested exactly 64 levels deep', () => {
    expect(() => assertJsonDepth(nested(MAX_JSON_DEPTH))).not.toThrow();
  });

  it('rejects JSON nested 65 levels deep', () => {
    expect(() => assertJsonDepth(nested(MAX_JSON_DEPTH + 1))).toThrow(JsonTooDeepError);
  });

  it('rejects a 100k-deep body of objects', () => {
    expect(() => assertJsonDepth('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000))).toThrow(JsonTooDeepError);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(() => assertJsonDepth(JSON.stringify({ s: '['.repeat(200) + '\\"' + '{'.repeat(200) }))).not.toThrow();
  });

  it('counts siblings by depth, not by number', () => {
    expect(() => assertJsonDepth(`[${Array.from({ length: 500 }, () => '{"a":[1]}').join(',')}]`)).not.toThrow();
  });
});
