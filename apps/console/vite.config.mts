import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console is static files the gateway serves at `<AM base path>/console/`. Asset URLs are
 * relative (`./assets/…`) so the same build works under any AM_BASE_URL path; client routes
 * are one segment deep (`/am/console/agents`) so relative URLs resolve from every page.
 */
export default defineConfig({
  root,
  base: './',
  // esbuild's own JSX transform: no Babel plugin needed for React 19's automatic runtime.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)),
    emptyOutDir: true,
    // No data: URLs and no inline script: everything is a hashed file under assets/ (CSP script-src 'self').
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
