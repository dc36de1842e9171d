#!/usr/bin/env bash
# Fuzzes reading, checking, CSV and chart drawing for a bounded time
# (default 60 s): ./scripts/fuzz.sh [SECONDS]. Seeds are the sample exports
# and the malformed corpus. A crash leaves its input under
# fuzz/artifacts/load/; make it a regression test in core/tests/ or charts/tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (libFuzzer needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
mkdir -p fuzz/corpus/load
cp data/*.json tests/corpus/*.json fuzz/corpus/load/ 2>/dev/null || true
say "fuzzing for ${seconds} s"
cd fuzz
cargo +nightly fuzz run load corpus/load -- -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=4096
