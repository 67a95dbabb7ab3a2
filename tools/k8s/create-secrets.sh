#!/usr/bin/env bash
# Creates every Secret the Kubernetes manifests (deploy/k8s) expect, in one namespace:
#   mandate-nats-server   nats-server.conf, server-cert.pem, server-key.pem   (from the NATS folder)
#   mandate-nats-ca       ca.pem                                              (from the NATS folder)
#   mandate-nats-<app>    nkey, the app's <app>.nk seed, for each of the six apps (from the NATS folder)
#   mandate-keys          encryption-key: MANDATE_KEY_ENCRYPTION_KEY, 32 random bytes in base64
#   mandate-admin         password: AM_ADMIN_PASSWORD (amadmin's password at first start)
#   mandate-database      username, password, url (not with --ha: CloudNativePG creates mandate-db-app)
# The NATS folder is what `npm run nats:secrets -- --out <dir> --host <names> --server-dir /etc/nats/secret` writes.
# The NATS secrets are replaced on every run (new certificates, new nkeys); the generated ones
# (key-encryption key, amadmin and Postgres passwords) are created once and kept: changing them
# later would lock out the signing keys, amadmin or the database. Values are never printed.
#
#   tools/k8s/create-secrets.sh --namespace mandate-dev --nats <dir>          (dev: overlays/dev)
#   tools/k8s/create-secrets.sh --namespace mandate --nats <dir> --ha         (overlays/ha, prod)
#   ... --dry-run   prints the Secrets as YAML instead (values included), touching no cluster
#
# AM_ADMIN_PASSWORD and MANDATE_KEY_ENCRYPTION_KEY in the environment are used when set;
# otherwise they are generated (read amadmin's back with
#   kubectl -n <namespace> get secret mandate-admin -o jsonpath='{.data.password}' | base64 -d).
set -euo pipefail

apps=(gateway authn-service authorize-service token-service introspection-service registration-service)
namespace="" nats="" ha=false dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) namespace="${2:-}"; shift 2 ;;
    --nats) nats="${2:-}"; shift 2 ;;
    --ha) ha=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    *) echo "create-secrets: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$namespace" ] && [ -n "$nats" ] || { echo "usage: create-secrets.sh --namespace <ns> --nats <dir> [--ha] [--dry-run]" >&2; exit 2; }

missing=()
for f in nats-server.conf ca.pem server-cert.pem server-key.pem "${apps[@]/%/.nk}"; do
  [ -s "$nats/$f" ] || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "create-secrets: $nats lacks ${missing[*]} (npm run nats:secrets -- --out $nats --host <names> --server-dir /etc/nats/secret writes them)" >&2
  exit 1
fi
if [ -n "${MANDATE_KEY_ENCRYPTION_KEY:-}" ] && [ "$(printf %s "$MANDATE_KEY_ENCRYPTION_KEY" | base64 -d 2>/dev/null | wc -c)" -ne 32 ]; then
  echo "create-secrets: MANDATE_KEY_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)" >&2
  exit 1
fi
if [ -n "${AM_ADMIN_PASSWORD:-}" ] && [ ${#AM_ADMIN_PASSWORD} -lt 8 ]; then
  echo "create-secrets: AM_ADMIN_PASSWORD must have 8 characters or more" >&2
  exit 1
fi

# Replaced on every run: `create --dry-run=client -o yaml | apply` creates or updates.
replace() {
  if $dry_run; then kubectl create secret generic "$@" --namespace "$namespace" --dry-run=client -o yaml; echo ---
  else kubectl create secret generic "$@" --namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -; fi
}
# Created once: a Secret that exists is left as it is.
create_once() {
  if $dry_run; then kubectl create secret generic "$@" --namespace "$namespace" --dry-run=client -o yaml; echo ---
  elif kubectl get secret "$1" --namespace "$namespace" >/dev/null 2>&1; then echo "secret/$1 kept"
  else kubectl create secret generic "$@" --namespace "$namespace"; fi
}

replace mandate-nats-server --from-file="$nats/nats-server.conf" --from-file="$nats/server-cert.pem" --from-file="$nats/server-key.pem"
replace mandate-nats-ca --from-file="$nats/ca.pem"
for app in "${apps[@]}"; do replace "mandate-nats-$app" --from-file=nkey="$nats/$app.nk"; done

# Values go to kubectl as files (process substitution), never on its command line. Random bytes
# from /dev/urandom, so that coreutils are enough.
value() { printf %s "$1"; }
random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
create_once mandate-keys --from-file=encryption-key=<(value "${MANDATE_KEY_ENCRYPTION_KEY:-$(random_base64 32)}")
create_once mandate-admin --from-file=password=<(value "${AM_ADMIN_PASSWORD:-$(random_base64 18)}")
if ! $ha; then
  # Hex, so that the password needs no escaping in the URL.
  pg_password="$(random_hex 24)"
  create_once mandate-database --from-literal=username=mandate --from-file=password=<(value "$pg_password") \
    --from-file=url=<(value "postgres://mandate:$pg_password@mandate-postgres:5432/mandate")
fi
