# Sourced by the scripts: tool paths and a build cache shared between checkouts.
export PATH="$HOME/.cache/chitieu/binaryen/node_modules/binaryen/bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/chitieu/target}"
