#!/usr/bin/env bash
# medsent backfill vs the Python pipeline a team would otherwise write (bench/baseline.py: Presidio's pattern
# recognizers, ONNX Runtime Python, pyarrow), same corpus, model and machine, at 1 and 2 threads; prints one
# table and appends it to bench/RESULTS.md with --append.
#   bash bench/compare.sh [RECORDS] [--append]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-400}
bash scripts/setup.sh >/dev/null
VB=.venv-bench
if [ ! -x "$VB/bin/python" ] || ! "$VB/bin/python" -c "import presidio_analyzer, tokenizers, pyarrow, onnxruntime" 2>/dev/null; then
  python3 -m venv "$VB"
  "$VB/bin/pip" install -q --disable-pip-version-check presidio-analyzer==2.2.360 tokenizers==0.23.3 \
    pyarrow==26.0.1 onnxruntime==1.31.1 "numpy<3"
fi
cargo build --release -q -p medsent -p synth
args=(--records "$N" --python "$VB/bin/python")
[ "${2:-}" = --append ] && args+=(--append bench/RESULTS.md)
.venv/bin/python bench/compare.py "${args[@]}"
