#!/usr/bin/env bash
# Load test: medsent serve vs a FastAPI + ONNX Runtime Python service, same model, same machine, same run.
# Appends a table to bench/RESULTS.md.   usage: bash bench/serve_bench.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
bash scripts/setup.sh
.venv/bin/pip install -q --disable-pip-version-check "fastapi==0.165.0" "uvicorn==0.54.0" "tokenizers==0.23.3"
cargo build --release --locked -q -p medsent -p medsent-bench
MODEL=models/minilm-sentiment
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; }
PIDS=()
trap cleanup EXIT
MEDSENT_HMAC_KEY=bench-secret-0123456789abcdef ./target/release/medsent serve --no-auth --listen 127.0.0.1:18181 \
  --model-dir $MODEL --max-batch-size 32 --max-queue-windows 4096 --log-level warn > /dev/null &
PIDS+=($!)
.venv/bin/python bench/serve_baseline.py $MODEL 18182 &
PIDS+=($!)
for p in 18181 18182; do
  for _ in $(seq 100); do curl -sf -XPOST -H 'content-type: application/json' -d '{"text":"ok"}' localhost:$p/v1/sentiment >/dev/null && break; sleep 0.2; done
done
{
  echo
  echo "### $(date -u +%F) · commit $(git rev-parse --short HEAD) · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · $(nproc) cores"
  echo
  echo "Command: \`bash bench/serve_bench.sh $SECS\` (closed loop, ${SECS} s per row after 2 s warm-up, short notes ≤200 chars; load generator on the same 2 cores)"
  echo
  echo "| service | concurrency | req/s | p50 ms | p95 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  ./target/release/medsent-load http://127.0.0.1:18181/v1/sentiment --seconds "$SECS" --label "medsent serve (de-id + batched)"
  ./target/release/medsent-load http://127.0.0.1:18182/v1/sentiment --seconds "$SECS" --label "FastAPI + ORT Python (no de-id)"
} | tee -a bench/RESULTS.md
