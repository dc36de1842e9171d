#!/usr/bin/env bash
# Installs whatever is missing, builds the dashboard and serves it on the
# bundled sample data at http://127.0.0.1:8080/ (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
. scripts/env.sh
printf '\033[1m[serve]\033[0m building and serving on http://127.0.0.1:8080/ (first build takes a few minutes)\n'
exec trunk serve --release "$@"
