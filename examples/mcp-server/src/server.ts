import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { NextFunction, Request, Response } from 'express';
import type { McpServerConfig } from './config';
import { DpopProofVerifier } from './dpop';
import { type MandateClaims, MandateTokenVerifier } from './mandate-token-verifier';

/** One MCP server per request (stateless Streamable HTTP): the tool reads the caller's token from `authInfo`. */
function mcpServer(): McpServer {
  const server = new McpServer({ name: 'mandate-example', version: '1.0.0' });
  server.registerTool('whoami', { title: 'Who am I', description: 'The subject, client, scope and actor of the access token this call was made with' }, (extra) => {
    const claims = (extra.authInfo?.extra ?? {}) as Partial<MandateClaims>;
    const whoami = { sub: claims.sub ?? null, client_id: claims.client_id ?? null, scope: claims.scope ?? '', act: claims.act ?? null };
    return { content: [{ type: 'text', text: JSON.stringify(whoami) }], structuredContent: whoami };
  });
  return server;
}

/**
 * RFC 9728 §2 protected resource metadata. Written here rather than with the SDK's
 * `mcpAuthMetadataRouter`, which also republishes the authorization server's own metadata at this
 * server's origin: a resource server that is not an authorization server should not.
 */
function protectedResourceMetadata(config: McpServerConfig & { resource: string }) {
  return {
    resource: config.resource,
    authorization_servers: [config.issuer],
    bearer_methods_supported: ['header'],
    resource_name: 'Mandate example MCP server',
  };
}

export interface RunningMcpServer {
  /** Where the server listens (http://host:port). */
  url: string;
  /** Its resource identifier: the configured one, else http://localhost:<port>/mcp. */
  resource: string;
  close(): Promise<void>;
}

export async function startMcpServer(config: McpServerConfig): Promise<RunningMcpServer> {
  const app = createMcpExpressApp({ host: config.host });
  const http: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = http.address() as AddressInfo;
  // The default resource names the port actually bound (so --port 0 works); routes follow from it.
  const settled = { ...config, resource: config.resource ?? `http://localhost:${port}/mcp` };
  const resourcePath = new URL(settled.resource).pathname;
  const metadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(settled.resource));
  const metadata = protectedResourceMetadata(settled);
  // RFC 9728 §3.1: the well-known path inserted before the resource's path; the bare form too, for
  // clients that look only at the origin.
  for (const path of new Set([new URL(metadataUrl).pathname, '/.well-known/oauth-protected-resource'])) {
    app.get(path, (_req, res) => void res.set('Cache-Control', 'public, max-age=300').json(metadata));
  }

  // RFC 9728 §5.1: a 401 names the metadata in WWW-Authenticate, so a client can find the authorization server.
  // RFC 9449 §7: `Authorization: DPoP <token>` with a proof of the token's key; a DPoP-bound token sent as Bearer is refused (§7.2).
  const verifier = new MandateTokenVerifier(settled);
  const bearer = requireBearerAuth({ verifier: bearerOnly(verifier), resourceMetadataUrl: metadataUrl, expectedResource: new URL(settled.resource) });
  const proofs = new DpopProofVerifier();
  const auth = (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    if (!/^dpop /i.test(header)) return bearer(req, res, next);
    const token = header.slice(5).trim();
    verifier
      .verifyAccessToken(token)
      .then(async (info) => {
        const jkt = (info.extra as MandateClaims | undefined)?.jkt;
        if (!jkt) throw new InvalidTokenError('Token is not DPoP-bound');
        if (info.expiresAt !== undefined && info.expiresAt < Date.now() / 1000) throw new InvalidTokenError('Token has expired');
        await proofs.verify(req.headers['dpop'], { method: req.method, url: settled.resource, token, jkt });
        (req as Request & { auth?: AuthInfo }).auth = info;
        next();
      })
      .catch((error: unknown) => {
        const message = error instanceof InvalidTokenError ? error.message : 'Invalid token';
        res
          .status(error instanceof InvalidTokenError ? 401 : 500)
          .set('WWW-Authenticate', `DPoP error="invalid_token", error_description="${message.replace(/"/g, "'")}", algs="ES256 RS256 PS256 EdDSA"`)
          .json({ error: 'invalid_token', error_description: message });
      });
  };
  app.post(resourcePath, auth, async (req: Request, res: Response) => {
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Stateless: no server-initiated stream and no session to end (MCP Streamable HTTP, "Listening for Messages").
  app.all(resourcePath, auth, (_req, res) => void res.status(405).set('Allow', 'POST').json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null }));

  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    resource: settled.resource,
    close: () => new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The Bearer scheme takes only tokens that are not DPoP-bound (RFC 9449 §7.2). */
function bearerOnly(inner: MandateTokenVerifier): OAuthTokenVerifier {
  return {
    verifyAccessToken: async (token: string) => {
      const info = await inner.verifyAccessToken(token);
      if ((info.extra as MandateClaims | undefined)?.jkt) throw new InvalidTokenError('DPoP-bound token presented as Bearer');
      return info;
    },
  };
}
