#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml): beside every file a web server sends
# compressed (HTML, script, wasm, stylesheet, SVG, JSON), a brotli copy at
# quality 11 (`.br`) and a gzip copy at level 9 (`.gz`), so nginx's
# brotli_static/gzip_static or `chitieu serve` send the 270 KiB page rather
# than compressing the 1 MB one per request, or not at all. Idempotent:
# copies are rewritten each build. Runs in Trunk's staging folder.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:-${1:-dist}}"
command -v brotli >/dev/null || { echo "brotli is missing: run scripts/setup.sh (Debian package brotli)" >&2; exit 1; }
# Only a release build is for hosting; `trunk serve` stays quick.
if [ "${TRUNK_PROFILE:-release}" != "release" ]; then
  exit 0
fi
find "$dir" -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' -o -name '*.json' \) -print0 |
  while IFS= read -r -d '' f; do
    gzip -9 -n -k -f "$f"
    brotli -q 11 -k -f "$f"
  done
echo "compress.sh: .br and .gz beside each file in $dir"
