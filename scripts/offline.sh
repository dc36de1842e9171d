#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml), after minify.sh: writes into sw.js the
# build's version (a hash of index.html, which names every hashed file) and
# the app shell it keeps offline: the page and the files at the top of the
# folder it loads (not the workers, kept once used; not the data, always
# asked of the network first). A new build is then a new sw.js, which the
# browser notices and the page offers as "Đã có bản mới — tải lại".
set -euo pipefail
dir="${TRUNK_STAGING_DIR:-${1:-dist}}"
sw="$dir/sw.js"
[ -f "$sw" ] || { echo "offline.sh: no sw.js in $dir" >&2; exit 1; }
version=$(sha256sum "$dir/index.html" | cut -c1-16)
shell='"./"'
for f in "$dir"/*; do
  name=$(basename "$f")
  [ -f "$f" ] || continue
  case "$name" in
    index.html | sw.js | *.br | *.gz | chitieu-import* | chitieu-export*) continue ;;
  esac
  shell="$shell, \"./$name\""
done
sed -i -e "s|^const VERSION = .*|const VERSION = \"$version\";|" -e "s|^const SHELL = .*|const SHELL = [$shell];|" "$sw"
grep -q "^const VERSION = \"$version\";" "$sw" || { echo "offline.sh: could not write the version into $sw" >&2; exit 1; }
