#!/usr/bin/env bash
# Trunk post_build hook, release builds only: minifies the app's script
# (wasm-bindgen's glue; Trunk's own minifier leaves it as it is) with esbuild
# and writes its new integrity hash into index.html. About 2 KiB less to send.
set -euo pipefail
[ "${TRUNK_PROFILE:-release}" = "release" ] || exit 0
dir="${TRUNK_STAGING_DIR:-${1:-dist}}"
esbuild="$HOME/.cache/chitieu/minify/node_modules/.bin/esbuild"
if [ ! -x "$esbuild" ]; then
  echo "minify: esbuild is missing: run scripts/setup.sh" >&2
  exit 1
fi
hash() { openssl dgst -sha384 -binary "$1" | base64 -w0; }
for js in "$dir"/chitieu-app-*.js; do
  [ -f "$js" ] || continue
  old=$(hash "$js")
  "$esbuild" "$js" --minify --format=esm --log-level=warning --outfile="$js.min"
  mv "$js.min" "$js"
  new=$(hash "$js")
  sed -i "s|sha384-$old|sha384-$new|g" "$dir/index.html"
  grep -q "sha384-$new" "$dir/index.html" || { echo "minify: no integrity hash of $js in index.html" >&2; exit 1; }
done
