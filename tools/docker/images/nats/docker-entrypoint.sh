#!/bin/sh
set -e
# As the official image: `docker run mandate/nats:2.9 --http_port 8222` means nats-server --http_port 8222.
if [ "${1#-}" != "$1" ]; then
  set -- nats-server "$@"
fi
exec "$@"
