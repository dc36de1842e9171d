#!/usr/bin/env bash
# Installs whatever is missing and runs every test: rustfmt and clippy (no
# warnings), the native tests of the core and the CLI, the release build,
# and the browser tests against it in headless Debian Chromium. Screenshots land in tests/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --browser
. scripts/env.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
step() { printf '\n\033[1m[test]\033[0m %s\n' "$*"; }

step "format: cargo fmt --check"
cargo fmt --all -- --check

step "lints: cargo clippy -D warnings (native crates, then the app and its workers for wasm)"
cargo clippy --workspace --exclude chitieu-app --exclude chitieu-importer --all-targets -- -D warnings
cargo clippy -p chitieu-app -p chitieu-importer -p chitieu-exporter --target wasm32-unknown-unknown -- -D warnings

step "native tests (core, CLI)"
cargo test --workspace --exclude chitieu-e2e --exclude chitieu-app 2>&1 | tee -a "$log"

step "release build: trunk build --release"
trunk build --release

step "browser tests in headless Chromium"
cargo test -p chitieu-e2e --test 'e2e*' 2>&1 | tee -a "$log"

step "performance budgets (alone, so other tests do not skew the timings)"
cargo test -p chitieu-e2e --test budgets -- --test-threads=1 2>&1 | tee -a "$log"

passed=$(grep -o '[0-9]* passed' "$log" | awk '{ s += $1 } END { print s + 0 }')
failed=$(grep -o '[0-9]* failed' "$log" | awk '{ s += $1 } END { print s + 0 }')
printf '\nchitieu: %s passed, %s failed\n' "$passed" "$failed"
