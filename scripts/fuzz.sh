#!/usr/bin/env bash
# Fuzzes each target for a bounded time: ./scripts/fuzz.sh [SECONDS] [TARGET...]
# (default 60 s each; targets: load import_text import_xlsx import_docx csv_writer).
#   load         any bytes as an export: reading, checks, CSV, every chart drawn to SVG
#   import_text  any bytes as pasted text and as CSV, imported, loaded again
#   import_xlsx  any bytes as a workbook (seeds: real .xlsx files in fuzz/seeds/)
#   import_docx  any bytes as a Word report (seeds: .docx files in fuzz/seeds/import_docx/)
#   csv_writer   any rows through the CSV writer: read back, no formula
# A crash leaves its input under fuzz/artifacts/<target>/; make it a
# regression test named after the problem in core/tests/ or charts/tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(load import_text import_xlsx import_docx csv_writer)
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
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  case "$t" in
    load) cp data/*.json tests/corpus/*.json "fuzz/corpus/$t/" 2>/dev/null || true ;;
    import_text) cp core/tests/tables/* fuzz/seeds/import_text/* "fuzz/corpus/$t/" 2>/dev/null || true ;;
    import_xlsx) cp fuzz/seeds/import_xlsx/* "fuzz/corpus/$t/" 2>/dev/null || true ;;
    import_docx) cp fuzz/seeds/import_docx/* "fuzz/corpus/$t/" 2>/dev/null || true ;;
  esac
  say "$t: fuzzing for ${seconds} s"
  (cd fuzz && cargo +nightly fuzz run "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -print_final_stats=1)
  say "$t: corpus now $(ls "fuzz/corpus/$t" | wc -l) inputs"
done
