// The webpack config of every Node app (the services, the gateway, the standalone launcher):
// one bundle per app in dist/apps/<app>, the workspace libraries bundled in, node_modules left
// to `require` at run time (the Docker image installs them), source maps for stack traces.
// TypeScript goes through ./swc-loader.cjs rather than ts-loader and is not type-checked here:
// `nx run-many -t typecheck` does that (npm test runs it), and the build stays a few seconds.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

const root = join(__dirname, '../..');

/**
 * @param {string} app the folder under apps/
 * @param {{ scriptWorker?: boolean }} [options] scriptWorker: bundle libs/scripting's worker thread
 *   as `script-worker.js` next to main.js (the script pool loads it from there)
 */
module.exports = function nodeApp(app, { scriptWorker = false } = {}) {
  return {
    output: { path: join(root, 'dist/apps', app), clean: true },
    devtool: 'source-map',
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, loader: require.resolve('./swc-loader.cjs') }],
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        // Neither 'tsc' nor 'swc' (that one wants the swc-loader package): the rule above compiles.
        compiler: 'none',
        skipTypeChecking: true,
        main: './src/main.ts',
        additionalEntryPoints: scriptWorker
          ? [{ entryName: 'script-worker', entryPath: join(root, 'libs/scripting/src/lib/pool/script.worker.ts') }]
          : [],
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
