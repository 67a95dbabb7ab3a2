import type { AuthenticateRequest } from '@mandate/contracts';
import { CrestError, decodeEncodedWords } from '@mandate/oauth';
import type { IncomingHttpHeaders } from 'node:http';

const MAX_LENGTH = 4096;

/**
 * am-spec §2: the credentials of a login. A body with `callbacks` is a callback continuation
 * (NameCallback → username, PasswordCallback → password); otherwise the zero-page headers
 * `X-OpenAM-Username` / `X-OpenAM-Password` (RFC 2047 encoded words decoded); with neither,
 * undefined: the client is asking which callbacks to fill.
 */
export function parseLoginCredentials(headers: IncomingHttpHeaders, body: unknown): AuthenticateRequest['credentials'] {
  const callbacks = isObject(body) ? body['callbacks'] : undefined;
  if (Array.isArray(callbacks)) {
    return checked(callbackValue(callbacks, 'NameCallback'), callbackValue(callbacks, 'PasswordCallback'));
  }
  const username = header(headers['x-openam-username']);
  const password = header(headers['x-openam-password']);
  if (username === undefined && password === undefined) return undefined;
  return checked(decodeEncodedWords(username ?? ''), decodeEncodedWords(password ?? ''));
}

function callbackValue(callbacks: unknown[], type: string): string {
  const callback = callbacks.find((c) => isObject(c) && c['type'] === type);
  const input = isObject(callback) && Array.isArray(callback['input']) ? callback['input'][0] : undefined;
  const value = isObject(input) ? input['value'] : undefined;
  return typeof value === 'string' ? value : '';
}

function checked(username: string, password: string) {
  if (username.length > MAX_LENGTH || password.length > MAX_LENGTH) throw CrestError.badRequest('Credentials too long');
  return { username, password };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
