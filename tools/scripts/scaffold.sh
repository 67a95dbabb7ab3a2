#!/usr/bin/env bash
# Writes the boilerplate of one project (tsconfigs, jest, eslint, project.json); never overwrites.
# Usage: tools/scripts/scaffold.sh lib|app NAME TAG
set -euo pipefail
kind=$1 name=$2 tag=$3
dir=$([ "$kind" = lib ] && echo "libs/$name" || echo "apps/$name")
mkdir -p "$dir/src"
w() { [ -e "$dir/$1" ] || cat > "$dir/$1"; }
w tsconfig.json <<J
{
  "extends": "../../tsconfig.base.json",
  "files": [],
  "include": [],
  "references": [{ "path": "./tsconfig.$([ "$kind" = lib ] && echo lib || echo app).json" }, { "path": "./tsconfig.spec.json" }]
}
J
w tsconfig.$([ "$kind" = lib ] && echo lib || echo app).json <<J
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "../../dist/out-tsc", "types": ["node"] },
  "include": ["src/**/*.ts"],
  "exclude": ["jest.config.cjs", "src/**/*.spec.ts", "src/**/*.test.ts", "test/**/*.ts"]
}
J
w tsconfig.spec.json <<J
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "../../dist/out-tsc", "types": ["jest", "node"] },
  "include": ["jest.config.cjs", "src/**/*.ts", "test/**/*.ts"]
}
J
w jest.config.cjs <<J
module.exports = require('../../jest.swc.cjs')({ displayName: '$name', dir: __dirname });
J
w eslint.config.mjs <<J
import baseConfig from '../../eslint.config.mjs';

export default [...baseConfig];
J
w project.json <<J
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "$([ "$kind" = lib ] && echo library || echo application)",
  "tags": ["$tag"]
}
J
if [ "$kind" = app ]; then
w webpack.config.js <<J
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/$name'), clean: true },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
    }),
  ],
};
J
fi
