import { parseArgs } from 'node:util';

/** What the example MCP server needs to know; every value from a flag, else the environment, else the default. */
export interface McpServerConfig {
  /** Port to listen on, on `host`. Default 3001 (MCP_PORT). */
  port: number;
  /** Interface to bind. Default 127.0.0.1 (MCP_HOST); on loopback the SDK's DNS-rebinding guard is on. */
  host: string;
  /** The Mandate realm's issuer, e.g. http://localhost:8080/am/oauth2/realms/root/realms/alpha (MANDATE_ISSUER). */
  issuer: string;
  /** This server's resource identifier (RFC 8707/RFC 9728): the URL clients call and tokens must name in `aud`. Default http://localhost:<port>/mcp (MCP_RESOURCE), with the port it got. */
  resource?: string;
  /** Credentials of this server at Mandate's introspection endpoint (RFC 7662). Without them only JWT access tokens are accepted. */
  introspection?: { clientId: string; clientSecret: string };
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  issuer: { type: 'string' },
  resource: { type: 'string' },
  'introspection-client-id': { type: 'string' },
  'introspection-client-secret': { type: 'string' },
} as const;

export const USAGE =
  'usage: mcp-server [--port 3001] [--host 127.0.0.1] [--issuer <Mandate realm issuer>] [--resource <this server’s URL>] ' +
  '[--introspection-client-id <id> --introspection-client-secret <secret>]\n' +
  'environment: MCP_PORT, MCP_HOST, MANDATE_ISSUER, MCP_RESOURCE, MCP_INTROSPECTION_CLIENT_ID, MCP_INTROSPECTION_CLIENT_SECRET';

/** Reads the configuration; throws one error listing every problem, so a bad start says all that is wrong at once. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): McpServerConfig {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  const problems: string[] = [];
  const portText = values.port ?? env['MCP_PORT'] ?? '3001';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`port must be an integer from 0 to 65535, got "${portText}"`);
  const host = values.host ?? env['MCP_HOST'] ?? '127.0.0.1';
  const issuer = values.issuer ?? env['MANDATE_ISSUER'] ?? 'http://localhost:8080/am/oauth2/realms/root/realms/alpha';
  const resource = values.resource ?? env['MCP_RESOURCE'];
  for (const [name, value] of [['issuer', issuer], ['resource', resource ?? 'http://localhost/mcp']] as const) {
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) problems.push(`${name} must be an absolute http(s) URL, got "${value}"`);
    else if (new URL(value).hash) problems.push(`${name} must not have a fragment (RFC 8707 §2), got "${value}"`);
  }
  const clientId = values['introspection-client-id'] ?? env['MCP_INTROSPECTION_CLIENT_ID'];
  const clientSecret = values['introspection-client-secret'] ?? env['MCP_INTROSPECTION_CLIENT_SECRET'];
  if (Boolean(clientId) !== Boolean(clientSecret)) problems.push('introspection client id and secret go together');
  if (problems.length) throw new Error(`bad configuration:\n  ${problems.join('\n  ')}\n${USAGE}`);
  return { port, host, issuer, ...(resource && { resource }), ...(clientId && clientSecret && { introspection: { clientId, clientSecret } }) };
}
