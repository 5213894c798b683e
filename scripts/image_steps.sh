#!/usr/bin/env bash
# The Dockerfile's build steps without a docker daemon (CI has none): the tracked files as
# `COPY . .` would see them, a clean virtualenv with `pip install .`, and `collectstatic`
# with the production settings and the build-time environment of the Dockerfile.
# Usage: scripts/image_steps.sh DIR   (leaves DIR/app and DIR/venv for the smoke test)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?usage: scripts/image_steps.sh DIR}
# The steps below mirror these Dockerfile lines; stop if the Dockerfile changed under us.
grep -q 'pip install --no-cache-dir \.' Dockerfile
grep -q 'python manage.py collectstatic --no-input' Dockerfile
PYTHON=$(command -v python3.11 || command -v python3)
mkdir -p "$DIR/app"
git ls-files -z --cached --others --exclude-standard | grep -zv '^\.' \
  | xargs -0 tar -cf - | tar -xf - -C "$DIR/app"
"$PYTHON" -m venv "$DIR/venv"
"$DIR/venv/bin/pip" install -q --no-cache-dir "$DIR/app"
cd "$DIR/app"
DJANGO_ENV=production SECRET_KEY=build ALLOWED_HOSTS=build DATABASE_URL=postgres://build/build \
  REDIS_URL=redis://build:6379/0 "$DIR/venv/bin/python" manage.py collectstatic --no-input -v0
test -f staticfiles/staticfiles.json
echo "Image steps: pip install and collectstatic passed ($(ls staticfiles | wc -l) entries in staticfiles/)"
