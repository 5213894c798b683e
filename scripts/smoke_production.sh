#!/usr/bin/env bash
# Production smoke test (CI): the Dockerfile's build steps, then the built app on the
# machine's PostgreSQL and a real redis-server, with gunicorn, a worker and beat
# (scripts/smoke_production.py says what it checks).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v redis-server >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
DIR=$(mktemp -d /tmp/jobordninger-image.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
bash scripts/image_steps.sh "$DIR"
# A free port for the throwaway PostgreSQL cluster unless one is given.
export PG_SYSTEM_PORT=${PG_SYSTEM_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
bash scripts/with_system_postgres.sh "$DIR/venv/bin/python" scripts/smoke_production.py "$DIR/app" "$DIR/venv"
