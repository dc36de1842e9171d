#!/usr/bin/env bash
# Installs whatever is missing to build chitieu, and with --browser what the
# browser tests need. Idempotent: what is already there is only reported.
# Nothing is downloaded outside the package registries (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }

# 1. The wasm target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "ok: Rust target wasm32-unknown-unknown"
else
  say "installing Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 1b. rustfmt and clippy, which the test command runs.
for component in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$component"; then
    say "ok: $component"
  else
    say "installing $component"
    rustup component add "$component"
  fi
done

# 2. Trunk 0.21 (0.22 needs a newer rustc).
if trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "ok: $(trunk --version)"
else
  say "installing trunk 0.21 (about 10 minutes)"
  cargo install trunk --version '~0.21' --locked
fi

# 3. wasm-bindgen-cli at exactly the version in Cargo.lock, which Trunk.toml must name too.
lock_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
toml_version=$(sed -n 's/^wasm_bindgen = "\(.*\)"/\1/p' Trunk.toml)
if [ "$lock_version" != "$toml_version" ]; then
  echo "Trunk.toml names wasm-bindgen $toml_version but Cargo.lock has $lock_version: set [tools] wasm_bindgen = \"$lock_version\"" >&2
  exit 1
fi
if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $lock_version"; then
  say "ok: wasm-bindgen $lock_version"
else
  say "installing wasm-bindgen-cli $lock_version (a few minutes)"
  # Without --locked: its pinned dependency is not available from the registry here.
  cargo install wasm-bindgen-cli --version "$lock_version"
fi

# Installs PACKAGE@VERSION from npm into DIR, unless that version is there.
npm_tool() {
  local dir=$1 pkg=$2 version=$3 why=$4
  if grep -qs "^  \"version\": \"$version" "$dir/node_modules/$pkg/package.json"; then
    say "ok: $pkg $version (npm) in $dir"
  else
    say "installing $pkg@$version from npm into $dir ($why)"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund "$pkg@$version" >/dev/null
  fi
}
if ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
# 4. wasm-opt from npm's binaryen 132 (Debian's binaryen 108 breaks wasm-bindgen's output).
npm_tool "$HOME/.cache/chitieu/binaryen" binaryen 132 "wasm-opt"
# 4b. esbuild: the release build minifies the app's script with it (scripts/minify.sh).
npm_tool "$HOME/.cache/chitieu/minify" esbuild 0.24.2 "minifies the app's script"
# 4c. axe-core, the accessibility checker the browser tests inject through
# chromedriver (the page's CSP would refuse it as a script tag); with --browser.
if [ "$want_browser" -eq 1 ]; then
  npm_tool "$HOME/.cache/chitieu/axe-core" axe-core 4.10.3 "the accessibility checks of the browser tests"
  # 4e. Chart.js 4: the hand-written page the benchmark measures chitieu against (tests/chartjs/).
  npm_tool "$HOME/.cache/chitieu/chartjs" chart.js 4.5.1 "the benchmark's Chart.js page"
fi

# 4d. brotli (Debian's), for the .br copies `trunk build --release` writes beside each file (scripts/compress.sh).
if command -v brotli >/dev/null; then
  say "ok: $(brotli --version)"
else
  apt_install brotli
fi

# 5. For the browser tests: Debian's Chromium and ChromeDriver, and OpenSSL headers for the WebDriver client.
if [ "$want_browser" -eq 1 ]; then
  pkgs=()
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  [ -x /usr/bin/chromedriver ] || pkgs+=(chromium-driver)
  pkg-config --exists openssl 2>/dev/null || pkgs+=(libssl-dev pkg-config)
  # The print tests count and look at the PDFs Chromium prints.
  command -v pdftoppm >/dev/null || pkgs+=(poppler-utils)
  if [ "${#pkgs[@]}" -gt 0 ]; then
    apt_install "${pkgs[@]}"
  fi
  say "ok: $(/usr/bin/chromium --version 2>/dev/null | head -1), $(/usr/bin/chromedriver --version | cut -d' ' -f1-2)"
fi
