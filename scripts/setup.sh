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

# 4. wasm-opt from npm's binaryen 132 (Debian's binaryen 108 breaks wasm-bindgen's output).
BINARYEN="$HOME/.cache/chitieu/binaryen"
if ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if "$BINARYEN/node_modules/binaryen/bin/wasm-opt" --version 2>/dev/null | grep -q 'version 132'; then
  say "ok: wasm-opt 132 (npm binaryen) in $BINARYEN"
else
  say "installing binaryen@132 from npm into $BINARYEN"
  mkdir -p "$BINARYEN"
  npm install --prefix "$BINARYEN" --no-audit --no-fund binaryen@132 >/dev/null
fi

# 4b. esbuild from npm: the release build minifies the app's script with it (scripts/minify.sh).
ESBUILD="$HOME/.cache/chitieu/minify"
if "$ESBUILD/node_modules/.bin/esbuild" --version 2>/dev/null | grep -qx '0.24.2'; then
  say "ok: esbuild 0.24.2 (npm) in $ESBUILD"
else
  say "installing esbuild@0.24.2 from npm into $ESBUILD"
  mkdir -p "$ESBUILD"
  npm install --prefix "$ESBUILD" --no-audit --no-fund esbuild@0.24.2 >/dev/null
fi

# 4c. axe-core from npm, the accessibility checker the browser tests inject
# through chromedriver (the page's CSP would refuse it as a script tag); with --browser.
AXE="$HOME/.cache/chitieu/axe-core"
AXE_VERSION=4.10.3
if [ "$want_browser" -eq 0 ]; then
  :
elif [ -f "$AXE/node_modules/axe-core/axe.min.js" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$AXE/node_modules/axe-core/package.json"; then
  say "ok: axe-core $AXE_VERSION (npm) in $AXE"
else
  say "installing axe-core@$AXE_VERSION from npm into $AXE (for the accessibility checks of the browser tests)"
  mkdir -p "$AXE"
  npm install --prefix "$AXE" --no-audit --no-fund "axe-core@$AXE_VERSION" >/dev/null
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
