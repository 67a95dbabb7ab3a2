/** The deepest nesting of arrays and objects a JSON body may have (issue 17). */
export const MAX_JSON_DEPTH = 64;

/** A JSON body nested deeper than MAX_JSON_DEPTH; the wire filter writes it as a 400. */
export class JsonTooDeepError extends Error {
  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * Throws JsonTooDeepError when `text` nests arrays or objects deeper than `max`. Written by
 * hand because neither JSON.parse nor Fastify's parser (secure-json-parse) takes a depth
 * bound: one linear pass over the text, before anything parses it, so that a 100k-deep body
 * never reaches a recursive step (parse, prototype scan, validation, serialisation). Brackets
 * inside strings do not count; malformed text is left for the parser to refuse.
 */
export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) throw new JsonTooDeepError();
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
}
