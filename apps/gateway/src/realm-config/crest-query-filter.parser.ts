import type { QueryFilter } from '@mandate/contracts';
import { CrestError } from '@mandate/oauth';

/**
 * Parses a CREST `_queryFilter` (`true`, `name eq "Software agent may act script"`,
 * `/coreOAuth2ClientConfig/clientType eq "Public" and !(_id sw "test")`). Supported: `eq`,
 * `co`, `sw`, `pr`, `and`, `or`, `!`, parentheses, `true`/`false`. The owning service evaluates
 * the parsed filter.
 */
export function parseQueryFilter(raw: string | undefined): QueryFilter {
  if (raw === undefined || raw.trim() === '') return { op: 'true' };
  const tokens = tokenize(raw);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const fail = (why: string): never => {
    throw CrestError.badRequest(`Invalid query filter ${JSON.stringify(raw)}: ${why}`);
  };

  const orExpr = (): QueryFilter => {
    const filters = [andExpr()];
    while (peek()?.word === 'or') {
      next();
      filters.push(andExpr());
    }
    return filters.length === 1 ? filters[0] : { op: 'or', filters };
  };
  const andExpr = (): QueryFilter => {
    const filters = [notExpr()];
    while (peek()?.word === 'and') {
      next();
      filters.push(notExpr());
    }
    return filters.length === 1 ? filters[0] : { op: 'and', filters };
  };
  const notExpr = (): QueryFilter => {
    if (peek()?.word === '!') {
      next();
      return { op: 'not', filter: notExpr() };
    }
    return primary();
  };
  const primary = (): QueryFilter => {
    const token = next() ?? fail('unexpected end');
    if (token.word === '(') {
      const inner = orExpr();
      if (next()?.word !== ')') fail('missing )');
      return inner;
    }
    if (token.string !== undefined) return fail('a filter starts with a field');
    if (token.word === 'true') return { op: 'true' };
    if (token.word === 'false') return { op: 'false' };
    const field = token.word.replace(/^\//, '').split(/[/]/).filter(Boolean);
    if (!field.length) fail(`bad field ${token.word}`);
    const operator = next()?.word ?? fail('missing operator');
    if (operator === 'pr') return { op: 'pr', field };
    if (operator !== 'eq' && operator !== 'co' && operator !== 'sw') return fail(`unsupported operator ${operator}`);
    const value = next() ?? fail('missing value');
    return { op: operator, field, value: value.string ?? literal(value.word, fail) };
  };

  const filter = orExpr();
  if (i < tokens.length) fail(`unexpected ${tokens[i].string ?? tokens[i].word}`);
  return filter;
}

interface Token {
  word: string;
  /** Set for a quoted string. */
  string?: string;
}

function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '!') {
      tokens.push({ word: c });
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && i + 1 < raw.length) i++;
        value += raw[i++];
      }
      if (raw[i] !== '"') throw CrestError.badRequest(`Invalid query filter ${JSON.stringify(raw)}: unterminated string`);
      i++;
      tokens.push({ word: '', string: value });
    } else {
      let word = '';
      while (i < raw.length && !/[\s()"]/.test(raw[i])) word += raw[i++];
      tokens.push({ word });
    }
  }
  return tokens;
}

function literal(word: string, fail: (why: string) => never): string | number | boolean {
  if (word === 'true') return true;
  if (word === 'false') return false;
  const n = Number(word);
  return word !== '' && Number.isFinite(n) ? n : fail(`bad value ${word}`);
}
