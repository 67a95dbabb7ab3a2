import { readFileSync } from 'node:fs';

/**
 * A seed document (shared/seeds/*.txt) read the way a user reads it: every `curl` command as
 * written, and the response the document prints after it. Documentation pages are prose, so the
 * reading is tolerant: callout markers `(1)`, elisions `...`/`…` and the known misplaced comma
 * (`"new-refresh-token,"`, contract §3.1 lists the documents' mistakes) are cleaned up.
 */
export interface SeedCommand {
  /** 1-based line of the document where the command starts. */
  line: number;
  /** The command's words, as the shell would pass them (`curl` first). */
  argv: string[];
  /** The JSON the document prints after the command, when it prints one. */
  documentedJson?: unknown;
  /** Header lines the document prints (`location: …`), lower-cased names. */
  documentedHeaders: Record<string, string>;
}

export function readSeed(path: string): SeedCommand[] {
  return parseSeed(readFileSync(path, 'utf8'));
}

export function parseSeed(text: string): SeedCommand[] {
  const commands: SeedCommand[] = [];
  const starts = [...text.matchAll(/\$ curl\b/g)].map((m) => m.index ?? 0);
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const segment = stripCallouts(text.slice(start + 2, end));
    const { argv, consumed } = shellWords(segment);
    const after = segment.slice(consumed);
    commands.push({
      line: text.slice(0, start).split('\n').length,
      argv,
      documentedJson: documentedJson(after),
      documentedHeaders: documentedHeaders(after),
    });
  });
  return commands;
}

/** Documentation callouts: `\(1)` after a continuation, `'...'(5)` after the last word. */
function stripCallouts(text: string): string {
  return text
    .replace(/Show request guidance/g, '\n')
    .replace(/\\\(\d+\)/g, '\\')
    .replace(/(['"])\(\d+\)/g, '$1');
}

/**
 * POSIX shell words until the first unquoted, unescaped newline (the end of the command).
 * Quotes are removed, backslash-newline joins lines. Returns how many characters were read.
 */
function shellWords(text: string): { argv: string[]; consumed: number } {
  const argv: string[] = [];
  let word: string | undefined;
  let i = 0;
  const push = () => {
    if (word !== undefined) argv.push(word);
    word = undefined;
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        i++;
        continue;
      }
      if (next === ' ' && /^\s*\n/.test(text.slice(i + 1))) {
        // "\ " then newline: a continuation with trailing blanks
        continue;
      }
      if (next === ' ' && /^ -/.test(text.slice(i + 1))) {
        // one-line pages render "\ --flag": a continuation kept on one line
        push();
        i++;
        continue;
      }
      word = (word ?? '') + (next ?? '');
      i++;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && /["\\$`]/.test(text[j + 1] ?? '')) j++;
        value += text[j];
        j++;
      }
      word = (word ?? '') + value;
      i = j;
      continue;
    }
    if (c === '\n') {
      push();
      break;
    }
    if (c === ' ' || c === '\t') {
      push();
      continue;
    }
    word = (word ?? '') + c;
  }
  push();
  return { argv, consumed: i };
}

function documentedHeaders(after: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const block = after.split(/```/)[0];
  for (const m of block.matchAll(/^\s*>?\s*([a-z][a-z-]+): (\S.*)$/gim)) headers[m[1].toLowerCase()] = m[2].trim();
  return headers;
}

/** The first JSON object printed after the command, cleaned of documentation markup. */
function documentedJson(after: string): unknown {
  const from = after.indexOf('{');
  if (from < 0) return undefined;
  const raw = balancedObject(after.slice(from));
  if (!raw) return undefined;
  const cleaned = raw
    .replace(/^\s*>\s?/gm, '') // blockquote markers
    .replace(/("(?:[^"\\]|\\.)*")|\s*\(\d+\)/g, (m, str: string | undefined) => str ?? '') // callouts outside strings
    .replace(/^\s*(\.\.\.|…)\s*$/gm, '') // an elided rest
    .replace(/,(\s*[}\]])/g, '$1') // the comma left before an elision
    .replace(/,"(\s*\n\s*")/g, '",$1'); // "new-refresh-token," → "new-refresh-token",
  try {
    return JSON.parse(cleaned.replace(/"(\s*\n\s*")/g, '"$1').replace(/"\s*\n(\s*)"/g, (m) => m));
  } catch {
    try {
      return JSON.parse(cleaned.replace(/(")(\s*\n\s*")/g, '$1,$2'));
    } catch {
      return undefined;
    }
  }
}

function balancedObject(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(0, i + 1);
    }
  }
  return undefined;
}
