#!/usr/bin/env bash
# Builds the release bundle and measures it in headless Chromium: transfer
# size (raw, gzip, brotli), time to the first chart, parse + validation of a
# generated large export (50 units × 60 indicators × 20 periods) next to
# JSON.parse, time to draw its overview, the longest task while filtering,
# and the time to the first chart under a throttled profile (10 Mbit/s, 40 ms
# latency, CPU ×4) served by `chitieu serve` with the build's .br copies.
# Then chitieu beside a hand-written Chart.js page (tests/chartjs/) fetching
# the same export, and beside the floor (tests/chartjs/floor.html: fetch,
# JSON.parse, fill the bars, no library), cold, 7 loads each in turns: the first chart on the
# sample, on the 2 MB export and throttled, with the ratios and where
# chitieu's time went. CHITIEU_BENCH_AGAINST=<another dist> measures that
# build in the same turns (before/after); CHITIEU_BENCH_CASES=sample,large,
# throttled measures only those. Then a repeat visit (issue 16: the first
# chart within 100 ms): the indicator opened once, the service worker in
# charge with the data kept, then loaded again 7 times in the same browser,
# beside the Chart.js page's repeat visit from the HTTP cache.
# Prints tables; writes tests/artifacts/bench.json and bench-chartjs.json.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --browser
. scripts/env.sh
printf '\033[1m[bench]\033[0m trunk build --release\n'
trunk build --release
printf '\033[1m[bench]\033[0m measuring\n'
cargo test --release -p chitieu-e2e --test bench -- --nocapture --test-threads=1 2>&1 | grep -vE '^(running|test |$)'
