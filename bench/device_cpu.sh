#!/usr/bin/env bash
# Runs on the device machine (16 quiet cores; the GPU is not used): unpacks the stripped release binaries and
# ONNX Runtime library carried in .devcarry/ (see bench/RESULTS.md), then
#   1. de-identification speed on one core (medsent-bench --deid-only), three times;
#   2. `medsent deid` over 200 000 notes on all cores (the rayon pool sized to the machine);
#   3. memory over a long backfill (bench/longrun.sh) for DURATION seconds.
set -euo pipefail
D=/tmp/mb
mkdir -p $D
for f in .devcarry/*.gz; do gunzip -c "$f" > "$D/$(basename "$f" .gz)"; done
chmod +x $D/medsent $D/medsent-bench $D/synth
export MEDSENT_ORT_LIB=$D/libonnxruntime.so.1.31.1
lscpu | grep -E "Model name|^CPU\(s\)"
echo "## 1. de-identification, one core"
for _ in 1 2 3; do $D/medsent-bench --records 20000 --deid-only; done
echo "## 2. medsent deid on $(nproc) cores"
$D/synth --records 200000 --seed 9 --out /tmp/deid-in.jsonl
head -c 64 /dev/urandom | base64 > /tmp/k.key
/usr/bin/time -v $D/medsent deid /tmp/deid-in.jsonl --out /tmp/deid-out.jsonl --hmac-key-file /tmp/k.key 2>&1 \
  | grep -E "medsent deid|Elapsed|Maximum resident"
echo "input MB: $(( $(stat -c %s /tmp/deid-in.jsonl) / 1000000 ))"
echo "## 3. long backfill"
BIN=$D DURATION=${DURATION:-420} bash bench/longrun.sh ${CHUNKS:-30} ${PER:-100000}
