import { loadConfig } from './config';

describe('loadConfig', () => {
  it('takes the demo’s defaults, leaving the resource to the port actually bound', () => {
    expect(loadConfig([], {})).toEqual({ port: 3001, host: '127.0.0.1', issuer: 'http://localhost:8080/am/oauth2/realms/root/realms/alpha' });
  });

  it('prefers a flag to the environment', () => {
    const env = { MCP_PORT: '4000', MANDATE_ISSUER: 'https://id.example.com/am/oauth2/realms/root/realms/alpha', MCP_RESOURCE: 'https://mcp.example.com/mcp' };
    expect(loadConfig(['--port', '5000', '--introspection-client-id', 'rs', '--introspection-client-secret', 's3cret'], env)).toEqual({
      port: 5000,
      host: '127.0.0.1',
      issuer: 'https://id.example.com/am/oauth2/realms/root/realms/alpha',
      resource: 'https://mcp.example.com/mcp',
      introspection: { clientId: 'rs', clientSecret: 's3cret' },
    });
  });

  it('stops with every problem listed', () => {
    const load = () => loadConfig(['--port', '70000', '--issuer', 'id.example.com', '--resource', 'https://mcp.example.com/mcp#x', '--introspection-client-id', 'rs'], {});
    expect(load).toThrow(
      [
        'bad configuration:',
        '  port must be an integer from 0 to 65535, got "70000"',
        '  issuer must be an absolute http(s) URL, got "id.example.com"',
        '  resource must not have a fragment (RFC 8707 §2), got "https://mcp.example.com/mcp#x"',
        '  introspection client id and secret go together',
      ].join('\n'),
    );
  });

  it('refuses an unknown flag', () => {
    expect(() => loadConfig(['--prot', '1'], {})).toThrow(/Unknown option '--prot'/);
  });
});
