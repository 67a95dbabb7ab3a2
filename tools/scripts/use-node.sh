#!/usr/bin/env bash
# Source this file (`. tools/scripts/use-node.sh`) to run Mandate on its supported Node.
# Mandate runs on Node 22 and 24 LTS, and is tested on 24. When the machine's Node is older than
# 22 (or there is none besides the one npm runs on and it is older), this takes Node 24 from the
# npm registry's `node-linux-<arch>` package (the binary the registry's `node` package installs,
# taken directly so no install script downloads anything), unpacks it once under
# ~/.cache/mandate/, and puts it first on PATH. node-gyp builds native addons against its headers.
MANDATE_NODE_VERSION="${MANDATE_NODE_VERSION:-24.22.3}"
_mandate_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
_mandate_want="${MANDATE_NODE_MIN_MAJOR:-22}"
if [ "$_mandate_major" -lt "$_mandate_want" ]; then
  _mandate_arch=$(node -p process.arch 2>/dev/null || uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')
  _mandate_dir="${XDG_CACHE_HOME:-$HOME/.cache}/mandate/node-$MANDATE_NODE_VERSION-$_mandate_arch"
  if [ ! -x "$_mandate_dir/bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than $_mandate_want: fetching Node $MANDATE_NODE_VERSION from the npm registry" >&2
    _mandate_tmp=$(mktemp -d)
    (cd "$_mandate_tmp" && npm pack --silent "node-linux-$_mandate_arch@$MANDATE_NODE_VERSION" >/dev/null)
    mkdir -p "$_mandate_dir.partial"
    tar xzf "$_mandate_tmp"/node-linux-*.tgz --strip-components=1 -C "$_mandate_dir.partial"
    rm -rf "$_mandate_tmp" "$_mandate_dir"
    mv "$_mandate_dir.partial" "$_mandate_dir"
  fi
  export PATH="$_mandate_dir/bin:$PATH"
  export npm_config_nodedir="$_mandate_dir"
fi
unset _mandate_major _mandate_want _mandate_arch _mandate_dir _mandate_tmp
