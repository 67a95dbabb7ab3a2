import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { type JWTPayload, createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { McpServerConfig } from './config';

/** The configuration with the resource settled (see `startMcpServer`). */
export type VerifierConfig = McpServerConfig & { resource: string };

interface AuthorizationServerMetadata {
  issuer: string;
  jwks_uri: string;
  introspection_endpoint?: string;
}

/** What both token paths agree on, handed to the tool as `authInfo.extra`. */
export interface MandateClaims {
  sub?: string;
  client_id: string;
  scope: string;
  act?: unknown;
  /** RFC 9449: the key a DPoP-bound token is bound to (`cnf.jkt`). */
  jkt?: string;
}

/**
 * Accepts only access tokens Mandate issued for this resource:
 * - a JWT (RFC 9068) is verified with the realm's JWKS: `typ: at+jwt` (§2.1), `iss`, `aud` naming this
 *   resource and `exp` (§4);
 * - anything else is introspected (RFC 7662 §2) with this server's client credentials: `active` and an
 *   `aud` naming this resource are required (RFC 7662 §2.2, RFC 8707 §2).
 * The realm's metadata (RFC 8414) is read on first use, so the server may start before Mandate does.
 */
export class MandateTokenVerifier implements OAuthTokenVerifier {
  private metadata?: Promise<AuthorizationServerMetadata>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: VerifierConfig) {}

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const claims = token.split('.').length === 3 ? await this.verifyJwt(token) : await this.introspect(token);
    if (typeof claims.exp !== 'number') throw new InvalidTokenError('Token has no expiration time');
    const extra: MandateClaims = {
      ...(typeof claims.sub === 'string' && { sub: claims.sub }),
      client_id: String(claims['client_id'] ?? ''),
      scope: typeof claims['scope'] === 'string' ? claims['scope'] : '',
      ...(claims['act'] !== undefined && { act: claims['act'] }),
      ...(boundKey(claims['cnf']) !== undefined && { jkt: boundKey(claims['cnf']) }),
    };
    return {
      token,
      clientId: extra.client_id,
      scopes: extra.scope.split(' ').filter(Boolean),
      expiresAt: claims.exp,
      // Only reached when `aud` named this resource (checked above), so this is the token's audience.
      resource: new URL(this.config.resource),
      extra: { ...extra },
    };
  }

  private async verifyJwt(token: string): Promise<JWTPayload> {
    const { issuer, jwks_uri } = await this.authorizationServer();
    this.jwks ??= createRemoteJWKSet(new URL(jwks_uri));
    try {
      const { payload } = await jwtVerify(token, this.jwks, { typ: 'at+jwt', issuer, audience: this.config.resource, requiredClaims: ['exp'] });
      return payload;
    } catch (error) {
      // A key set that cannot be fetched is our problem, not the client's.
      if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) throw new ServerError('Authorization server keys unavailable');
      if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError(`Invalid access token (${error.code})`);
      throw new ServerError('Authorization server keys unavailable');
    }
  }

  private async introspect(token: string): Promise<JWTPayload> {
    const credentials = this.config.introspection;
    if (!credentials) throw new InvalidTokenError('Only JWT access tokens are accepted');
    const { introspection_endpoint } = await this.authorizationServer();
    if (!introspection_endpoint) throw new ServerError('Authorization server has no introspection endpoint');
    const basic = Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString('base64');
    const res = await fetch(introspection_endpoint, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ token }),
    }).catch(() => undefined);
    if (!res?.ok) throw new ServerError('Introspection unavailable');
    const body = (await res.json()) as JWTPayload & { active?: boolean };
    if (body.active !== true) throw new InvalidTokenError('Token is not active');
    const audiences = Array.isArray(body.aud) ? body.aud : body.aud === undefined ? [] : [body.aud];
    if (!audiences.includes(this.config.resource)) throw new InvalidTokenError('Token was not issued for this resource');
    return body;
  }

  private authorizationServer(): Promise<AuthorizationServerMetadata> {
    this.metadata ??= this.fetchMetadata().catch((error: unknown) => {
      this.metadata = undefined; // try again on the next request
      throw error;
    });
    return this.metadata;
  }

  /** RFC 8414 §3.1: the well-known path is inserted between the issuer's origin and its path; §3.3: the issuer must match. */
  private async fetchMetadata(): Promise<AuthorizationServerMetadata> {
    const issuer = new URL(this.config.issuer);
    const url = new URL(`/.well-known/oauth-authorization-server${issuer.pathname.replace(/\/$/, '')}`, issuer);
    const res = await fetch(url, { headers: { Accept: 'application/json' } }).catch(() => undefined);
    if (!res?.ok) throw new ServerError('Authorization server metadata unavailable');
    const metadata = (await res.json()) as AuthorizationServerMetadata;
    if (metadata.issuer !== this.config.issuer || typeof metadata.jwks_uri !== 'string') throw new ServerError('Authorization server metadata does not match its issuer');
    return metadata;
  }
}

function boundKey(cnf: unknown): string | undefined {
  if (cnf === null || typeof cnf !== 'object') return undefined;
  const jkt = (cnf as Record<string, unknown>)['jkt'];
  return typeof jkt === 'string' ? jkt : undefined;
}
