#!/usr/bin/env bash
# De-identification speed before and after a change, on the device machine's quiet cores (the GPU is not used).
# Expects stripped, gzipped release binaries (medsent, medsent-bench; synth in new/) in .devcarry/<build>/ for
# each build named in $BUILDS (default "old new"; ignored by git, carried by the device tool). Runs,
# interleaving the builds so that all see the same machine:
#   1. medsent-bench --deid-only (one core, best of three passes), three times each (PARALLEL=1: all builds at
#      once, each pinned to its own core, cores rotated, five rounds);
#   2. `medsent deid` over 200 000 generated notes on every core, twice each (skipped with ONLY_BENCH=1).
set -euo pipefail
D=/tmp/md
BUILDS="${BUILDS:-old new}"
for v in $BUILDS; do
  mkdir -p $D/$v
  for f in .devcarry/$v/*.gz; do gunzip -c "$f" > "$D/$v/$(basename "$f" .gz)"; done
  chmod +x $D/$v/*
done
lscpu | grep -E "Model name|^CPU\(s\)"
echo "## 1. de-identification, one core (medsent-bench --records 20000 --deid-only)"
if [ -n "${PARALLEL:-}" ]; then
  # All builds at once, each pinned to its own core (cores 2.. ), the cores rotated between rounds.
  n=$(echo $BUILDS | wc -w)
  for round in 1 2 3 4 5; do
    i=0
    for v in $BUILDS; do
      core=$(( 2 + (i + round) % n ))
      (echo "round $round core $core $v: $(taskset -c $core $D/$v/medsent-bench --records 20000 --deid-only | tail -1)") &
      i=$((i + 1))
    done
    wait
  done
else
  for _ in 1 2 3; do
    for v in $BUILDS; do echo -n "$v: "; $D/$v/medsent-bench --records 20000 --deid-only | tail -1; done
  done
fi
[ -n "${ONLY_BENCH:-}" ] && exit 0
echo "## 2. medsent deid on $(nproc) cores, 200 000 notes"
$D/new/synth --records 200000 --seed 9 --out /tmp/deid-in.jsonl
echo "input MB: $(( $(stat -c %s /tmp/deid-in.jsonl) / 1000000 ))"
head -c 64 /dev/urandom | base64 > /tmp/k.key
for _ in 1 2; do
  for v in $BUILDS; do
    echo "$v:"
    /usr/bin/time -v $D/$v/medsent deid /tmp/deid-in.jsonl --out /tmp/deid-out-$v.jsonl --hmac-key-file /tmp/k.key 2>&1 \
      | grep -E "medsent deid|Elapsed|Maximum resident"
  done
done
