import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, workspaceRoot } from '@mandate/testing';

export interface McpExampleServer {
  /** The server's resource identifier: `http://127.0.0.1:<port>/mcp`. */
  resource: string;
  /** Everything the process wrote, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts examples/mcp-server as `npm run example:mcp-server` does, on a free loopback port, and waits until it listens. */
export async function startMcpExampleServer(options: { issuer: string; introspection?: { clientId: string; clientSecret: string } }): Promise<McpExampleServer> {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const args = ['--port', String(port), '--host', '127.0.0.1', '--issuer', options.issuer, '--resource', resource];
  if (options.introspection) args.push('--introspection-client-id', options.introspection.clientId, '--introspection-client-secret', options.introspection.clientSecret);
  const root = workspaceRoot();
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'examples', 'mcp-server', 'src', 'main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('mcp-server listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`mcp-server exited with ${code}:\n${output}`)));
  });
  return {
    resource,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
