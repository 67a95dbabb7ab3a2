import type { Sections } from '../realm-config/am-values';
import { ADVANCED, CORE, DCR_FIELDS, type DcrField, OIDC, OVERRIDE, SIGN_ENC } from './dcr-fields';
import type { DcrMetadata } from './dcr-metadata.parser';

/**
 * Registration metadata → AM's client sections (am-spec §11.3, §13.1). `base` is the client's
 * defaults for a create, its current configuration for an RFC 7592 update: every member the
 * registration protocol expresses is set from the request or reset to its default (RFC 7592
 * §2.2); what it cannot express (the provider overrides a DCR script or an administrator set)
 * stays as it was.
 */
export function toClientSections(meta: DcrMetadata, scopes: readonly string[], base: Sections): Sections {
  const sections = structuredClone(base);
  for (const name of [CORE, ADVANCED, OVERRIDE, SIGN_ENC, OIDC]) sections[name] ??= {};
  const core = sections[CORE];
  const advanced = sections[ADVANCED];
  const signEnc = sections[SIGN_ENC];
  const oidc = sections[OIDC];

  core['redirectionUris'] = [...meta.redirectUris];
  core['clientName'] = meta.clientName !== undefined ? [meta.clientName] : [];
  core['scopes'] = [...scopes];
  core['clientType'] = meta.tokenEndpointAuthMethod === 'none' ? 'Public' : 'Confidential';
  advanced['grantTypes'] = [...meta.grantTypes];
  advanced['responseTypes'] = [...meta.responseTypes];
  advanced['tokenEndpointAuthMethod'] = meta.tokenEndpointAuthMethod;
  signEnc['jwkSet'] = meta.jwks ? JSON.stringify(meta.jwks) : '';
  // seed 002: a client registered without keys shows public_key_selector x509.
  signEnc['publicKeyLocation'] = meta.jwks ? 'jwks' : meta.settings['jwks_uri'] !== undefined ? 'jwks_uri' : 'x509';
  oidc['defaultMaxAgeEnabled'] = meta.defaultMaxAge !== undefined;
  if (meta.defaultMaxAge !== undefined) oidc['defaultMaxAge'] = meta.defaultMaxAge;

  for (const field of DCR_FIELDS) {
    const section = sections[field.section];
    if (field.accept) section[field.field] = stored(field, meta.settings[field.wire] ?? field.dcrDefault);
    else if (section[field.field] === undefined) section[field.field] = field.dcrDefault;
  }
  return sections;
}

/**
 * AM's client information response (RFC 7591 §3.2.1, seed 002) from the stored sections, without
 * the secret and the registration access token (the caller adds those it may show).
 */
export function toDcrProfile(clientId: string, config: Sections): Record<string, unknown> {
  const core = config[CORE] ?? {};
  const advanced = config[ADVANCED] ?? {};
  const signEnc = config[SIGN_ENC] ?? {};
  const oidc = config[OIDC] ?? {};
  const scopes = strings(core['scopes']);
  const profile: Record<string, unknown> = {
    client_id: clientId,
    client_type: core['clientType'] === 'Public' ? 'Public' : 'Confidential',
    redirect_uris: strings(core['redirectionUris']),
    grant_types: strings(advanced['grantTypes']),
    response_types: strings(advanced['responseTypes']),
    // am-spec §11.3: both AM's `scopes` array and the RFC `scope` string.
    scope: scopes.join(' '),
    scopes,
    token_endpoint_auth_method: advanced['tokenEndpointAuthMethod'] ?? 'client_secret_basic',
    public_key_selector: signEnc['publicKeyLocation'] ?? 'x509',
    default_max_age: oidc['defaultMaxAgeEnabled'] === true && typeof oidc['defaultMaxAge'] === 'number' ? oidc['defaultMaxAge'] : 0,
    providerOverridesEnabled: config[OVERRIDE]?.['providerOverridesEnabled'] === true,
  };
  const name = strings(core['clientName'])[0];
  if (name !== undefined) profile['client_name'] = name;
  if (typeof signEnc['jwkSet'] === 'string' && signEnc['jwkSet'] !== '') profile['jwks'] = JSON.parse(signEnc['jwkSet']) as unknown;
  // RFC 7591 §3.2.1: client_secret_expires_at accompanies a secret; 0 = it does not expire.
  if (profile['client_type'] === 'Confidential') profile['client_secret_expires_at'] = 0;
  for (const field of DCR_FIELDS) {
    const value = wire(field, config[field.section]?.[field.field] ?? field.dcrDefault);
    if (field.emit === 'always' || !isUnset(value, field.dcrDefault)) profile[field.wire] = value;
  }
  return profile;
}

function stored(field: DcrField, value: unknown): unknown {
  if (field.kind !== 'uri-in-list') return value;
  return typeof value === 'string' ? [value] : value;
}

function wire(field: DcrField, value: unknown): unknown {
  if (field.kind !== 'uri-in-list') return value;
  return Array.isArray(value) ? (value[0] ?? []) : value;
}

function isUnset(value: unknown, dcrDefault: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value) && value.length === 0) return true;
  return JSON.stringify(value) === JSON.stringify(dcrDefault);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
