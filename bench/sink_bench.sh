#!/usr/bin/env bash
# Lake write throughput, local disk and S3 (a SeaweedFS started here on loopback), same rows, same run.
#   bash bench/sink_bench.sh [ROWS] [TEXT_BYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-200000}
TEXT=${2:-1000}
bash scripts/setup.sh >/dev/null
cargo build --release -q -p medsent-bench --bin medsent-sink-bench
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret-0123456789 AWS_REGION=us-east-1
tmp=$(mktemp -d)
trap 'scripts/s3-server.sh stop "$tmp/s3"; rm -rf "$tmp"' EXIT
export MEDSENT_S3_ENDPOINT=$(scripts/s3-server.sh start "$tmp/s3" 24000 bench)
echo "medsent-sink-bench: $ROWS rows, text $TEXT bytes, $(nproc) cores, $(date -u +%F) commit $(git rev-parse --short HEAD)"
./target/release/medsent-sink-bench --rows "$ROWS" --text-bytes "$TEXT" --out "$tmp/local" --out s3://bench/lake
