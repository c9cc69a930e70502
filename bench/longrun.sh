#!/usr/bin/env bash
# Memory over a long backfill (issue #9): writes CHUNKS files of PER generated notes (different seeds), runs
# one `medsent backfill` over all of them and samples its resident memory every INTERVAL seconds, with the
# lake's size so far; stops it with SIGTERM after DURATION seconds if it has not finished. Prints a Markdown
# table and the run's report.
#   [BIN=target/release] [DURATION=600] [INTERVAL=10] bash bench/longrun.sh [CHUNKS] [PER] [MODEL_DIR]
# The model defaults to the test model (fixtures/models/tiny-distilbert): memory, not sentiment, is measured,
# and a real model on CPU would need days for millions of notes.
set -euo pipefail
CHUNKS=${1:-20}
PER=${2:-100000}
MODEL=${3:-fixtures/models/tiny-distilbert}
BIN=${BIN:-target/release}
W=${WORK:-/tmp/medsent-longrun}
rm -rf "$W"
mkdir -p "$W/notes"
seq 0 $((CHUNKS - 1)) | xargs -P "$(nproc)" -I{} "$BIN/synth" --records "$PER" --seed {} --out "$W/notes/part-{}.jsonl"
echo "input: $CHUNKS files × $PER notes, $(du -sm "$W/notes" | cut -f1) MB"
MEDSENT_HMAC_KEY=longrun-secret-0123456789abcdef "$BIN/medsent" backfill "$W/notes" --out "$W/lake" \
  --model-dir "$MODEL" --no-progress --report "$W/report.json" --log-level warn ${EXTRA:-} &
pid=$!
t0=$(date +%s)
echo "| elapsed s | RSS MiB | lake MB |"
echo "|---:|---:|---:|"
while kill -0 $pid 2>/dev/null; do
  now=$(($(date +%s) - t0))
  rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status 2>/dev/null || true)
  [ -n "$rss" ] && echo "| $now | $rss | $(du -sm "$W/lake" 2>/dev/null | cut -f1) |"
  if [ "$now" -ge "${DURATION:-600}" ]; then
    echo "stopping after ${DURATION:-600} s (SIGTERM)"
    kill -TERM $pid
  fi
  sleep "${INTERVAL:-10}"
done
wait $pid || true
cat "$W/report.json" 2>/dev/null || echo "(no report: stopped before the end)"
