import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root (the folder holding nx.json), found from this file upwards. */
export function workspaceRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no nx.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** Where `nx build` puts the apps. The e2e project builds them before its tests run. */
export function distDir(): string {
  const dir = process.env.MANDATE_DIST_DIR ?? join(workspaceRoot(), 'dist', 'apps');
  if (!existsSync(join(dir, 'gateway', 'main.js'))) throw new Error(`${dir} has no built apps: run "npx nx run-many -t build" first`);
  return dir;
}
