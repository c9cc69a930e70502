#!/usr/bin/env bash
# The main job on the embedded default: the bundled sample records (local JSONL) → de-identify →
# sentiment on CPU with the bundled model → a local Parquet lake. Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -s .medsent/hmac.key ]; then
  # The secret that keys pseudonyms and date shifts. Keep it: a new one breaks linkage.
  (umask 077 && head -c 32 /dev/urandom | base64 > .medsent/hmac.key)
  echo "demo: made a new secret in .medsent/hmac.key" >&2
fi
cargo build --release --locked --quiet --bin medsent
OUT=${MEDSENT_OUT:-out/sample-lake}
./target/release/medsent backfill fixtures/sample/notes.jsonl --out "$OUT" --hmac-key-file .medsent/hmac.key "$@"
echo "demo: Parquet lake at $OUT (dt=YYYY-MM-DD/<source>+<partition>+<first-offset>.parquet)"
