#!/usr/bin/env bash
# Fuzzes the de-identification engine (deid/fuzz/fuzz_targets/redact.rs) with libFuzzer for
# SECONDS (default 300). Needs the nightly toolchain and cargo-fuzz (installed from crates.io
# if missing). Not part of CI: the test suite's property tests cover the same invariants.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p deid/fuzz/corpus/redact
# Seed the corpus with generated notes (one file each).
if [ -z "$(ls -A deid/fuzz/corpus/redact)" ]; then
  cargo run -q --release -p synth --bin synth -- --records 200 --out /tmp/medsent-fuzz-seed.jsonl --holdout
  python3 - <<'PY'
import json
for i, l in enumerate(open("/tmp/medsent-fuzz-seed.jsonl")):
    open(f"deid/fuzz/corpus/redact/note{i:03}", "w").write(json.loads(l)["text"])
PY
fi
cd deid/fuzz
cargo +nightly fuzz run redact corpus/redact -- -max_total_time="$secs" -max_len=4096 -rss_limit_mb=2048
