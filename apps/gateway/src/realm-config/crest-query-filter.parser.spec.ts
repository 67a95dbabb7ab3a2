import { CrestError } from '@mandate/oauth';
import { parseQueryFilter } from './crest-query-filter.parser';

describe('parseQueryFilter', () => {
  it('reads true, false and a missing filter as everything / nothing', () => {
    expect(parseQueryFilter('true')).toEqual({ op: 'true' });
    expect(parseQueryFilter(undefined)).toEqual({ op: 'true' });
    expect(parseQueryFilter('false')).toEqual({ op: 'false' });
  });

  it('reads AM’s script lookup by name (am-spec §12.3)', () => {
    expect(parseQueryFilter('name eq "Software agent may act script"')).toEqual({ op: 'eq', field: ['name'], value: 'Software agent may act script' });
  });

  it('reads JSON pointers, escapes, numbers, booleans, pr, !, and/or with precedence and parentheses', () => {
    expect(parseQueryFilter('/coreOAuth2ClientConfig/clientType eq "Pub\\"lic" or _id sw "a" and !(x pr)')).toEqual({
      op: 'or',
      filters: [
        { op: 'eq', field: ['coreOAuth2ClientConfig', 'clientType'], value: 'Pub"lic' },
        { op: 'and', filters: [{ op: 'sw', field: ['_id'], value: 'a' }, { op: 'not', filter: { op: 'pr', field: ['x'] } }] },
      ],
    });
    expect(parseQueryFilter('rev eq 2 and active eq true')).toEqual({
      op: 'and',
      filters: [
        { op: 'eq', field: ['rev'], value: 2 },
        { op: 'eq', field: ['active'], value: true },
      ],
    });
  });

  it.each(['name eq', 'name gt "a"', '(name eq "a"', 'name eq "a" extra', '"x" eq "y"', 'name eq "open'])('refuses %p with CREST 400', (raw) => {
    let error: unknown;
    try {
      parseQueryFilter(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrestError);
    expect(error).toMatchObject({ status: 400, description: expect.stringMatching(/^Invalid query filter /) });
  });
});
