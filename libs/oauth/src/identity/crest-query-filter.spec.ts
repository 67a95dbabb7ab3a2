import { CrestError } from '../errors/crest-error';
import { parseQueryFilter } from './crest-query-filter';

describe('parseQueryFilter', () => {
  it('reads true and false', () => {
    expect(parseQueryFilter('true')).toEqual({ op: 'true' });
    expect(parseQueryFilter(' false ')).toEqual({ op: 'false' });
  });

  it('reads username eq "x" with or without the leading slash', () => {
    expect(parseQueryFilter('username eq "bjensen"')).toEqual({ op: 'eq', field: ['username'], value: 'bjensen' });
    expect(parseQueryFilter('/username eq "bjensen"')).toEqual({ op: 'eq', field: ['username'], value: 'bjensen' });
  });

  it('accepts single-quoted strings, escapes and non-string literals', () => {
    expect(parseQueryFilter("mail sw 'b\\'j'")).toEqual({ op: 'sw', field: ['mail'], value: "b'j" });
    expect(parseQueryFilter('cn eq "a\\"b\\u00e9"')).toEqual({ op: 'eq', field: ['cn'], value: 'a"bé' });
    expect(parseQueryFilter('n eq 3')).toEqual({ op: 'eq', field: ['n'], value: 3 });
    expect(parseQueryFilter('x eq true')).toEqual({ op: 'eq', field: ['x'], value: true });
  });

  it('reads the ordering operators gt, ge, lt and le (time ranges of the audit trail)', () => {
    expect(parseQueryFilter('time ge "2026-12-03T00:00:00Z" and time lt "2026-12-04T00:00:00Z"')).toEqual({
      op: 'and',
      filters: [
        { op: 'ge', field: ['time'], value: '2026-12-03T00:00:00Z' },
        { op: 'lt', field: ['time'], value: '2026-12-04T00:00:00Z' },
      ],
    });
    expect(parseQueryFilter('n gt 3 or n LE 1')).toEqual({ op: 'or', filters: [{ op: 'gt', field: ['n'], value: 3 }, { op: 'le', field: ['n'], value: 1 }] });
  });

  it('binds and tighter than or, honours parentheses and !', () => {
    expect(parseQueryFilter('a eq "1" or b eq "2" and c pr')).toEqual({
      op: 'or',
      filters: [
        { op: 'eq', field: ['a'], value: '1' },
        { op: 'and', filters: [{ op: 'eq', field: ['b'], value: '2' }, { op: 'pr', field: ['c'] }] },
      ],
    });
    expect(parseQueryFilter('!(a eq "1" OR b co "2")')).toEqual({
      op: 'not',
      filter: { op: 'or', filters: [{ op: 'eq', field: ['a'], value: '1' }, { op: 'co', field: ['b'], value: '2' }] },
    });
  });

  it('reads nested pointers', () => {
    expect(parseQueryFilter('/a/b eq "c"')).toEqual({ op: 'eq', field: ['a', 'b'], value: 'c' });
  });

  it.each(['', 'username', 'username eq', 'username like "x"', 'n gt', 'x eq null', 'username eq "x', '(true', 'true true', 'username eq bare', 'a/ eq "x"'])(
    'refuses %p with CREST 400',
    (filter) => {
      let error: unknown;
      try {
        parseQueryFilter(filter);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CrestError);
      expect(error).toMatchObject({ status: 400, description: `Invalid query filter '${filter}'` });
    },
  );
});
