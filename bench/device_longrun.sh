#!/usr/bin/env bash
# Memory over a backfill of 10 M generated notes on the device machine (16 cores; CPU only), with the null
# model (bench/null_model.py: the pipeline, not the model, is measured). A device command may run 10 minutes
# and the run takes ~12, so it runs in the background (a warm machine keeps /tmp and background processes
# between calls) and later calls read its samples:
#   MODE=start bash bench/device_longrun.sh   # carry .devcarry/: unpack, calibrate, generate, start
#   MODE=wait  bash bench/device_longrun.sh   # up to 9 minutes: print the samples, and the report when done
# .devcarry/ holds stripped gzipped medsent and synth, the ONNX Runtime library and the null model directory.
set -euo pipefail
D=/tmp/mb
W=/tmp/medsent-longrun
case ${MODE:-start} in
start)
  mkdir -p $D
  for f in .devcarry/*.gz; do gunzip -c "$f" > "$D/$(basename "$f" .gz)"; done
  chmod +x $D/medsent $D/synth
  cp -r .devcarry/null-model $D/
  export MEDSENT_ORT_LIB=$D/libonnxruntime.so.1.31.1
  $D/synth --records 50000 --seed 99 --out /tmp/cal.jsonl
  MEDSENT_HMAC_KEY=cal-secret-0123456789abcdef $D/medsent backfill /tmp/cal.jsonl --out /tmp/cal-lake \
    --model-dir $D/null-model --no-progress --log-level warn --report /tmp/cal.json
  python3 -c "import json; r=json.load(open('/tmp/cal.json')); print('calibration:', r['written'], 'records,', round(r['records_per_second']), 'records/s,', round(r['output_bytes']/r['written']), 'lake bytes a record')"
  rm -rf $W && mkdir -p $W/notes
  seq 0 $((${CHUNKS:-100} - 1)) | xargs -P "$(nproc)" -I{} $D/synth --records ${PER:-100000} --seed {} --out $W/notes/part-{}.jsonl
  cat > $D/bg.sh <<'BG'
D=/tmp/mb; W=/tmp/medsent-longrun
export MEDSENT_ORT_LIB=$D/libonnxruntime.so.1.31.1 MEDSENT_HMAC_KEY=longrun-secret-0123456789abcdef
$D/medsent backfill $W/notes --out $W/lake --model-dir $D/null-model --no-progress --report $W/report.json --log-level warn > $W/bf.log 2>&1 &
pid=$!; t0=$(date +%s)
while kill -0 $pid 2>/dev/null; do
  echo "$(( $(date +%s) - t0 )) $(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status 2>/dev/null) $(du -sm $W/lake 2>/dev/null | cut -f1)" >> $W/rss.log
  sleep 30
done
echo "done $(( $(date +%s) - t0 ))" >> $W/rss.log
BG
  (setsid nohup bash $D/bg.sh > /dev/null 2>&1 < /dev/null &)
  sleep 30
  echo "elapsed_s rss_mib lake_mb"; cat $W/rss.log ;;
wait)
  for _ in $(seq 100); do grep -q done $W/rss.log && break; sleep 5; done
  echo "elapsed_s rss_mib lake_mb"; cat $W/rss.log; tail -1 $W/bf.log; cat $W/report.json 2>/dev/null || true ;;
esac
