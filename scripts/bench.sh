#!/usr/bin/env bash
# Builds the release bundle and measures it in headless Chromium: transfer
# size (raw, gzip, brotli), time to the first chart, parse + validation of a
# generated large export (50 units × 60 indicators × 20 periods) next to
# JSON.parse, time to draw its overview, the longest task while filtering,
# and the time to the first chart under a throttled profile (10 Mbit/s, 40 ms
# latency, CPU ×4) served by `chitieu serve` with the build's .br copies.
# Prints a table; writes tests/artifacts/bench.json.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --browser
. scripts/env.sh
printf '\033[1m[bench]\033[0m trunk build --release\n'
trunk build --release
printf '\033[1m[bench]\033[0m measuring\n'
cargo test --release -p chitieu-e2e --test bench -- --nocapture 2>&1 | grep -vE '^(running|test |$)'
