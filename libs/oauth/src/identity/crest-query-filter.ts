import type { QueryFilter } from '@mandate/contracts';
import { CrestError } from '../errors/crest-error';

/**
 * CREST `_queryFilter` expressions (ForgeRock Common REST): `true`, `false`,
 * `<pointer> <op> <json value>` (op: eq, co, sw, gt, ge, lt, le), `<pointer> pr`, `!`, `and`, `or` and parentheses.
 * A pointer may start with a slash (`/username`) or not (`username`). Yields the contracts'
 * `QueryFilter`, which the gateway sends to the owning service to evaluate.
 */
type Comparison = Extract<QueryFilter, { value: unknown }>;
type FilterValue = Comparison['value'];

const OPERATORS = new Set<string>(['eq', 'co', 'sw', 'gt', 'ge', 'lt', 'le']);

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'punct'; text: '(' | ')' | '!' };

export function parseQueryFilter(input: string): QueryFilter {
  const fail = (why: string): never => {
    throw CrestError.badRequest(`Invalid query filter '${input}'`, why);
  };
  const tokens = tokenize(input, fail);
  let at = 0;
  const peekWord = (text: string) => tokens[at]?.kind === 'word' && tokens[at].text.toLowerCase() === text;

  const orExpr = (): QueryFilter => {
    const filters = [andExpr()];
    while (peekWord('or')) {
      at++;
      filters.push(andExpr());
    }
    return filters.length === 1 ? filters[0] : { op: 'or', filters };
  };
  const andExpr = (): QueryFilter => {
    const filters = [notExpr()];
    while (peekWord('and')) {
      at++;
      filters.push(notExpr());
    }
    return filters.length === 1 ? filters[0] : { op: 'and', filters };
  };
  const notExpr = (): QueryFilter => {
    const token = tokens[at];
    if (token?.kind === 'punct' && token.text === '!') {
      at++;
      return { op: 'not', filter: notExpr() };
    }
    return primary();
  };
  const primary = (): QueryFilter => {
    const token = tokens[at++];
    if (!token) return fail('unexpected end');
    if (token.kind === 'punct' && token.text === '(') {
      const inner = orExpr();
      const close = tokens[at++];
      if (close?.kind !== 'punct' || close.text !== ')') fail('missing )');
      return inner;
    }
    if (token.kind !== 'word') return fail(`unexpected ${token.text}`);
    if (token.text === 'true') return { op: 'true' };
    if (token.text === 'false') return { op: 'false' };
    const field = pointer(token.text, fail);
    const operator = tokens[at++];
    if (operator?.kind !== 'word') return fail('missing operator');
    const op = operator.text.toLowerCase();
    if (op === 'pr') return { op: 'pr', field };
    if (!OPERATORS.has(op)) return fail(`unknown operator ${operator.text}`);
    return { op: op as Comparison['op'], field, value: literal(tokens[at++], fail) };
  };

  const filter = orExpr();
  if (at !== tokens.length) fail('trailing input');
  return filter;
}

function pointer(text: string, fail: (why: string) => never): string[] {
  const segments = (text.startsWith('/') ? text.slice(1) : text).split('/');
  if (segments.some((s) => !/^[A-Za-z0-9_.:-]+$/.test(s))) fail(`bad pointer ${text}`);
  return segments;
}

function literal(token: Token | undefined, fail: (why: string) => never): FilterValue {
  if (!token || token.kind === 'punct') return fail('missing value');
  if (token.kind === 'string') return token.text;
  if (token.text === 'true') return true;
  if (token.text === 'false') return false;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.text)) return Number(token.text);
  return fail(`bad value ${token.text}`);
}

function tokenize(input: string, fail: (why: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '!') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '"' || c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length) fail('unterminated string');
        const d = input[i];
        if (d === c) break;
        if (d === '\\') {
          const e = input[i + 1];
          const simple: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(input.slice(i + 2, i + 6))) {
            text += String.fromCharCode(parseInt(input.slice(i + 2, i + 6), 16));
            i += 6;
          } else if (e !== undefined && simple[e] !== undefined) {
            text += simple[e];
            i += 2;
          } else fail('bad escape');
        } else {
          text += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'string', text });
    } else {
      let j = i;
      while (j < input.length && !/[\s()"'!]/.test(input[j])) j++;
      tokens.push({ kind: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}
