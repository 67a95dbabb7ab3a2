import { USAGE, loadConfig } from './config';
import { startMcpServer } from './server';

// An MCP server protected by Mandate: `npm run example:mcp-server -- --help` for its flags.
async function main() {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig(process.argv.slice(2), process.env);
  const running = await startMcpServer(config);
  process.stdout.write(`mcp-server listening on ${running.url}, resource ${running.resource}, authorization server ${config.issuer}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
