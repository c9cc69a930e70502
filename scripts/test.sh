#!/usr/bin/env bash
# Every test: unit, property, integration (real binary, real model, DuckDB), lints.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
