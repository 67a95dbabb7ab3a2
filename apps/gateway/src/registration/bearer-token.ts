/**
 * RFC 6750 §2.1: the token of an `Authorization: Bearer <token>` header; undefined when the
 * header is absent or uses another scheme. The scheme name is case-insensitive.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Headers the DCR script must not see: credentials. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'iplanetdirectorypro', 'proxy-authorization']);

/** am-spec §11.5 `requestProperties.requestHeaders` / `requestParams`: every value an array. */
export function multiMap(values: Record<string, string | string[] | undefined>, hidden = false): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || (hidden && HIDDEN_HEADERS.has(name.toLowerCase()))) continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  return out;
}
