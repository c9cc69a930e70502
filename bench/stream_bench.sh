#!/usr/bin/env bash
# records/s through `medsent stream --stage all` from a pre-filled topic, next to the backfill on the same
# records (same model, same run). Starts a local Tansu broker (scripts/kafka-broker.sh).
#   bash bench/stream_bench.sh [RECORDS] [-- medsent flags, e.g. --model-dir models/minilm-sentiment]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
shift || true
bash scripts/setup.sh >/dev/null
cargo build --release -q -p medsent -p medsent-bench --bin medsent --bin medsent-stream-bench
tmp=$(mktemp -d)
trap 'scripts/kafka-broker.sh stop "$tmp/kafka"; rm -rf "$tmp"' EXIT
addr=$(scripts/kafka-broker.sh start "$tmp/kafka" 29092)
[ "${1:-}" = "--" ] && shift
export MEDSENT_HMAC_KEY=${MEDSENT_HMAC_KEY:-bench-key-0123456789abcdef}
echo "$(date -u +%F) commit $(git rev-parse --short HEAD), $(nproc) cores"
./target/release/medsent-stream-bench --brokers "$addr" --records "$N" -- "$@"
