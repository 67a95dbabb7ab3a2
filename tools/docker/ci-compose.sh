#!/usr/bin/env bash
# CI, after npm test: docker-compose.yml for real and the Testcontainers path of the test harness,
# offline. Installs docker.io, docker-compose and debootstrap when missing, starts dockerd when no
# engine answers, runs npm run test:compose (base images cached, app image, compose up, the seeds,
# a crashed service restarted, compose down -v), then the Testcontainers specs on the same images.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[ci-compose] installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! docker info >/dev/null 2>&1; then
  mkdir -p tmp/docker
  echo "[ci-compose] starting dockerd (log tmp/docker/dockerd.log)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO nohup dockerd >tmp/docker/dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 tmp/docker/dockerd.log >&2; echo "[ci-compose] dockerd did not answer" >&2; exit 1; }
fi

npm run test:compose

# No registry: the offline images by name, and no Ryuk reaper (its image cannot be pulled; the
# specs stop their own containers).
TEST_INFRA=docker TESTCONTAINERS_RYUK_DISABLED=true \
  MANDATE_TEST_POSTGRES_IMAGE=mandate/postgres:15 MANDATE_TEST_NATS_IMAGE=mandate/nats:2.9 \
  npx nx test testing --output-style=stream --skip-nx-cache -- --testPathPatterns=containers.spec

echo "[ci-compose] done in $((SECONDS - started)) s"
