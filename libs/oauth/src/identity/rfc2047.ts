/**
 * RFC 2047 encoded-word decoding for AM's `X-OpenAM-Username` / `X-OpenAM-Password` headers,
 * which carry UTF-8 as `=?UTF-8?B?<base64>?=` or `=?UTF-8?Q?<quoted>?=` (am-spec §2.1).
 * Written here because no small, maintained library decodes just this; it is a few lines.
 *
 * - `B` is base64, `Q` is quoted-printable with `_` for space (RFC 2047 §4.1, §4.2).
 * - Whitespace between adjacent encoded words is dropped (§6.2); adjacent words in the same
 *   charset are decoded together, so a character split across two words survives.
 * - Charsets: UTF-8, US-ASCII and ISO-8859-1. A word that is malformed or in another charset
 *   stays as it was, like any text outside encoded words.
 */
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;

const CHARSETS: Record<string, string> = { 'utf-8': 'utf-8', utf8: 'utf-8', 'us-ascii': 'utf-8', 'iso-8859-1': 'latin1', latin1: 'latin1' };

interface Word {
  start: number;
  end: number;
  charset: string;
  bytes: Buffer;
}

export function decodeEncodedWords(value: string): string {
  const words: Word[] = [];
  for (const match of value.matchAll(ENCODED_WORD)) {
    const charset = CHARSETS[match[1].toLowerCase()];
    const bytes = charset ? decodeText(match[2].toUpperCase(), match[3]) : undefined;
    if (charset && bytes) words.push({ start: match.index, end: match.index + match[0].length, charset, bytes });
  }
  if (!words.length) return value;

  let out = '';
  let at = 0;
  let run: Word[] = [];
  const flush = () => {
    if (run.length) out += decodeBytes(Buffer.concat(run.map((w) => w.bytes)), run[0].charset);
    run = [];
  };
  for (const word of words) {
    const between = value.slice(at, word.start);
    const adjacent = run.length > 0 && /^\s*$/.test(between);
    if (!adjacent) {
      flush();
      out += between;
    } else if (run[0].charset !== word.charset) {
      flush();
    }
    run.push(word);
    at = word.end;
  }
  flush();
  return out + value.slice(at);
}

function decodeText(encoding: string, text: string): Buffer | undefined {
  if (encoding === 'B') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
    return Buffer.from(text, 'base64');
  }
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '_') bytes.push(0x20);
    else if (c === '=') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

function decodeBytes(bytes: Buffer, charset: string): string {
  return charset === 'latin1' ? bytes.toString('latin1') : new TextDecoder('utf-8').decode(bytes);
}
