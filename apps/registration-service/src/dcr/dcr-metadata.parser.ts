import type { AgentType } from '@mandate/contracts';
import { isValidScopeToken, parseScope } from '@mandate/oauth';
import { KNOWN_GRANT_TYPES, TOKEN_EXCHANGE } from '../provider/provider-settings.defaults';
import { isRecord } from '../realm-config/am-values';
import { InvalidClientMetadataError, InvalidRedirectUriError } from './dcr-errors';
import { DCR_FIELDS, type DcrField } from './dcr-fields';

export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth', 'none'] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** Caps on a registration (issue 17); the gateway caps the whole document at 64 KiB. */
const MAX_REDIRECT_URIS = 20;
const MAX_STRING_LENGTH = 2048;
/** Key material is exempt from the string cap: an x5c certificate is easily longer than 2 KiB. */
const UNCAPPED_MEMBERS = new Set(['jwks']);

/** Response type words (OAuth 2.0 Multiple Response Types); a response type is a set of them. */
const RESPONSE_TYPE_WORDS = new Set(['code', 'token', 'id_token', 'device_code']);

/** A registration request, checked for syntax and for consistency of its own members. */
export interface DcrMetadata {
  redirectUris: string[];
  clientName?: string;
  /** From AM's `scopes` array or RFC 7591's `scope` string; undefined when neither was sent. */
  scopes?: string[];
  grantTypes: string[];
  responseTypes: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  jwks?: Record<string, unknown>;
  defaultMaxAge?: number;
  softwareStatement?: string;
  /** RFC 7592 §2.2: an update names the client and may repeat its secret. */
  clientId?: string;
  clientSecret?: string;
  /** The members of DCR_FIELDS that were sent (and may be set by a registrant), by wire name. */
  settings: Record<string, unknown>;
}

/**
 * RFC 7591 §2 client metadata → DcrMetadata. Errors: `invalid_redirect_uri` for a redirection
 * URI that is not absolute, has a fragment, or uses http for a host other than the loopback
 * (RFC 8252 §7.3, RFC 9700 §2.1); `invalid_client_metadata` for everything else, naming the member.
 * Unknown members are ignored (RFC 7591 §2).
 */
export function parseDcrMetadata(body: unknown, type: AgentType): DcrMetadata {
  if (!isRecord(body)) throw new InvalidClientMetadataError('The registration request must be a JSON object');
  checkSizes(body);
  const redirectUris = optionalStrings(body, 'redirect_uris') ?? [];
  if (redirectUris.length > MAX_REDIRECT_URIS) throw new InvalidClientMetadataError(`redirect_uris: more than ${MAX_REDIRECT_URIS} redirection URIs`);
  redirectUris.forEach(checkRedirectUri);

  const grantTypes = optionalStrings(body, 'grant_types') ?? (type === 'AIAgent' ? ['client_credentials', TOKEN_EXCHANGE] : ['authorization_code']);
  const unknownGrant = grantTypes.find((g) => !(KNOWN_GRANT_TYPES as readonly string[]).includes(g));
  if (unknownGrant !== undefined) throw new InvalidClientMetadataError(`grant_types: unsupported grant type ${unknownGrant}`);
  const sentResponseTypes = optionalStrings(body, 'response_types');
  const responseTypes = sentResponseTypes ?? (grantTypes.includes('authorization_code') ? ['code'] : []);
  const unknownResponse = responseTypes.find((r) => r.trim() === '' || r.split(' ').some((w) => !RESPONSE_TYPE_WORDS.has(w)));
  if (unknownResponse !== undefined) throw new InvalidClientMetadataError(`response_types: unsupported response type ${unknownResponse}`);
  checkGrantsMatchResponseTypes(grantTypes, responseTypes);
  // RFC 6749 §3.1.2.2: redirection-based grants need a registered redirection URI.
  const redirecting = grantTypes.find((g) => g === 'authorization_code' || g === 'implicit');
  if (redirecting && redirectUris.length === 0) throw new InvalidRedirectUriError(`redirect_uris: at least one is required for the ${redirecting} grant type`);

  const method = optionalString(body, 'token_endpoint_auth_method') ?? 'client_secret_basic';
  if (!(TOKEN_ENDPOINT_AUTH_METHODS as readonly string[]).includes(method)) {
    throw new InvalidClientMetadataError(`token_endpoint_auth_method: unsupported method ${method}`);
  }
  const tokenEndpointAuthMethod = method as TokenEndpointAuthMethod;
  // am-spec §1.2: public clients cannot use client credentials.
  if (tokenEndpointAuthMethod === 'none' && grantTypes.includes('client_credentials')) {
    throw new InvalidClientMetadataError('grant_types: client_credentials needs a confidential client, not token_endpoint_auth_method none');
  }

  const jwks = body['jwks'];
  if (jwks !== undefined && !(isRecord(jwks) && Array.isArray(jwks['keys']))) throw new InvalidClientMetadataError('jwks: must be a JWK Set, an object with keys');
  if (jwks !== undefined && body['jwks_uri'] !== undefined) throw new InvalidClientMetadataError('jwks: send jwks or jwks_uri, not both');
  const jwksUri = body['jwks_uri'];
  if (jwksUri !== undefined && !(typeof jwksUri === 'string' && URL.canParse(jwksUri) && new URL(jwksUri).protocol === 'https:')) throw new InvalidClientMetadataError('jwks_uri: must be an https URL');
  if (tokenEndpointAuthMethod === 'private_key_jwt' && jwks === undefined && body['jwks_uri'] === undefined) {
    throw new InvalidClientMetadataError('token_endpoint_auth_method: private_key_jwt needs jwks or jwks_uri');
  }

  const defaultMaxAge = body['default_max_age'];
  if (defaultMaxAge !== undefined && !(Number.isInteger(defaultMaxAge) && (defaultMaxAge as number) >= 0)) {
    throw new InvalidClientMetadataError('default_max_age: must be a whole number of seconds, 0 or more');
  }

  const settings: Record<string, unknown> = {};
  for (const field of DCR_FIELDS) {
    if (field.accept && body[field.wire] !== undefined && body[field.wire] !== null) settings[field.wire] = parseField(field, body[field.wire]);
  }

  const softwareStatement = optionalString(body, 'software_statement');
  return {
    redirectUris,
    clientName: clientNameOf(body),
    scopes: scopesOf(body),
    grantTypes: [...new Set(grantTypes)],
    responseTypes: [...new Set(responseTypes)],
    tokenEndpointAuthMethod,
    jwks: jwks as Record<string, unknown> | undefined,
    defaultMaxAge: defaultMaxAge as number | undefined,
    softwareStatement,
    clientId: optionalString(body, 'client_id'),
    clientSecret: optionalString(body, 'client_secret'),
    settings,
  };
}

/**
 * RFC 8252 §7.1 private-use URI schemes must be in reverse domain name form (`com.example.app`),
 * so that apps cannot claim each other's schemes by accident.
 */
const REVERSE_DOMAIN_SCHEME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+:$/;
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidRedirectUriError(`redirect_uris: ${uri} is not an absolute URI`);
  }
  // RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment component.
  if (uri.includes('#')) throw new InvalidRedirectUriError(`redirect_uris: ${uri} must not contain a fragment`);
  if (url.protocol === 'https:' || REVERSE_DOMAIN_SCHEME.test(url.protocol)) return;
  // RFC 8252 §7.3 / RFC 9700 §2.1: plain http only to the loopback interface.
  if (url.protocol === 'http:') {
    if (LOOPBACK_HOSTS.includes(url.hostname)) return;
    throw new InvalidRedirectUriError(`redirect_uris: ${uri} uses http for a host other than the loopback interface`);
  }
  // file:, javascript:, data: and every other scheme (RFC 9700 §4.1, RFC 8252 §7.1).
  throw new InvalidRedirectUriError(`redirect_uris: ${uri} uses a forbidden scheme: use https, http to the loopback interface, or a private-use scheme in reverse domain name form`);
}

/** Every string of the document (outside key material) within MAX_STRING_LENGTH, named by its member. */
function checkSizes(body: Record<string, unknown>): void {
  const tooLong = (value: unknown): boolean =>
    typeof value === 'string' ? value.length > MAX_STRING_LENGTH : Array.isArray(value) ? value.some(tooLong) : isRecord(value) ? Object.entries(value).some(([k, v]) => tooLong(k) || tooLong(v)) : false;
  for (const [name, value] of Object.entries(body)) {
    if (name.length > MAX_STRING_LENGTH) throw new InvalidClientMetadataError(`A member name is longer than ${MAX_STRING_LENGTH} characters`);
    if (!UNCAPPED_MEMBERS.has(name) && tooLong(value)) throw new InvalidClientMetadataError(`${name}: a value is longer than ${MAX_STRING_LENGTH} characters`);
  }
}

/**
 * RFC 7591 §2.1 grant/response consistency, as far as AM enforces it: a `code` response type
 * needs the authorization_code grant and that grant needs a `code` response type; the implicit
 * grant needs a token or id_token response type. Seed 002 registers `response_types: ["token"]`
 * with client credentials and token exchange only, so a `token` response type does not demand
 * the implicit grant.
 */
function checkGrantsMatchResponseTypes(grantTypes: readonly string[], responseTypes: readonly string[]): void {
  const words = responseTypes.map((r) => r.split(' '));
  if (words.some((w) => w.includes('code')) && !grantTypes.includes('authorization_code')) {
    throw new InvalidClientMetadataError('response_types: the code response type needs the authorization_code grant type');
  }
  if (grantTypes.includes('authorization_code') && !words.some((w) => w.includes('code'))) {
    throw new InvalidClientMetadataError('grant_types: the authorization_code grant type needs the code response type');
  }
  if (grantTypes.includes('implicit') && !words.some((w) => !w.includes('code') && (w.includes('token') || w.includes('id_token')))) {
    throw new InvalidClientMetadataError('grant_types: the implicit grant type needs a token or id_token response type');
  }
}

/** am-spec §11.3: AM's `scopes` array or the RFC `scope` string (both: they must agree). */
function scopesOf(body: Record<string, unknown>): string[] | undefined {
  const list = optionalStrings(body, 'scopes');
  const text = optionalString(body, 'scope');
  const fromText = parseScope(text);
  if (list && fromText && [...new Set(list)].sort().join(' ') !== [...fromText].sort().join(' ')) {
    throw new InvalidClientMetadataError('scope: scope and scopes name different scopes');
  }
  const scopes = list ? [...new Set(list)] : fromText;
  const bad = scopes?.find((s) => !isValidScopeToken(s));
  if (bad !== undefined) throw new InvalidClientMetadataError(`scope: ${JSON.stringify(bad)} is not a valid scope token`);
  return scopes;
}

/** `client_name`, else the first localized `client_name#<lang>` (am-spec §11.3). */
function clientNameOf(body: Record<string, unknown>): string | undefined {
  const plain = optionalString(body, 'client_name');
  if (plain !== undefined) return plain;
  const localized = Object.keys(body).find((k) => k.startsWith('client_name#'));
  return localized ? optionalString(body, localized) : undefined;
}

function parseField(field: DcrField, value: unknown): unknown {
  const { wire, kind, values } = field;
  switch (kind) {
    case 'string': {
      if (typeof value !== 'string') throw new InvalidClientMetadataError(`${wire}: must be a string`);
      if (values && !values.includes(value)) throw new InvalidClientMetadataError(`${wire}: must be one of ${values.filter(Boolean).join(', ')}`);
      return value;
    }
    case 'uri':
    case 'uri-in-list':
      return absoluteUrl(wire, value);
    case 'uris':
      if (!isStringArray(value)) throw new InvalidClientMetadataError(`${wire}: must be an array of URIs`);
      return value.map((v) => absoluteUrl(wire, v));
    case 'strings':
      if (!isStringArray(value)) throw new InvalidClientMetadataError(`${wire}: must be an array of strings`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new InvalidClientMetadataError(`${wire}: must be true or false`);
      return value;
    case 'count':
      if (!Number.isInteger(value) || (value as number) < 0) throw new InvalidClientMetadataError(`${wire}: must be a whole number, 0 or more`);
      return value;
  }
}

function absoluteUrl(wire: string, value: unknown): string {
  if (typeof value !== 'string') throw new InvalidClientMetadataError(`${wire}: must be a URI string`);
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new InvalidClientMetadataError(`${wire}: ${value} is not an absolute http(s) URI`);
  }
  return value;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidClientMetadataError(`${name}: must be a string`);
  return value;
}

function optionalStrings(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!isStringArray(value)) throw new InvalidClientMetadataError(`${name}: must be an array of strings`);
  return value;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
