#!/usr/bin/env bash
# Runs on the device machine (H100): reassembles the onnxruntime-gpu 1.31.1 wheel staged in /tmp/stage by
# earlier calls (see bench/RESULTS.md), then, by MODE:
#   engine    medsent-engine-bench (built with --features cuda) and the Python ORT reference, same GPU and model
#   backfill  the whole `medsent backfill --device cuda:0` on synthetic notes (de-id on the host's cores)
#   serve     `medsent serve --device cuda:0` under medsent-load at concurrency 1…512 (short notes)
set -euo pipefail
S=/tmp/stage
cp -r .gpu6/* $S/
cd $S
if [ ! -d /tmp/site/onnxruntime ]; then
  cat part0* > onnxruntime_gpu-1.31.1-cp312-cp312-manylinux_2_28_x86_64.whl
  sha256sum onnxruntime_gpu-*.whl
  python3 -m pip install -q --no-index --no-deps --target /tmp/site onnxruntime_gpu-*.whl
fi
NV=/opt/torch/.venv/lib/python3.12/site-packages/nvidia
export LD_LIBRARY_PATH=$(ls -d $NV/*/lib | tr '\n' ':')${LD_LIBRARY_PATH:-}
export ORT_DYLIB_PATH=/tmp/site/onnxruntime/capi/libonnxruntime.so.1.31.1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
nproc
for mode in ${MODE:-engine}; do
  case $mode in
  engine)
    echo "## medsent engine (Rust, batcher + ORT CUDA EP)"
    ./medsent-engine-bench --model-dir ${ENGINE_MODEL:-model} --device cuda:0 --intra-threads 4 ${ENGINE_ARGS:-} 2>&1 | tee -a $OUT/rust.md
    echo "## Python ORT reference (same model, same GPU)"
    PYTHONPATH=/tmp/site /opt/torch/.venv/bin/python gpu_reference.py model/model.onnx cuda 2>&1 | tee -a $OUT/py.md ;;
  backfill)
    N=${RECORDS:-20000}
    ./synth --records $N --seed 42 --out notes.jsonl
    for b in 64 256; do
      rm -rf lake
      MEDSENT_HMAC_KEY=gpu-bench-secret-0123456789 ./medsent backfill notes.jsonl --out lake --model-dir model \
        --device cuda:0 --max-batch-size $b --max-batch-tokens $((b * 128)) --instances 2 --intra-threads 2 \
        --no-progress --report report-$b.json --log-level warn 2>&1 | tee -a $OUT/backfill.md
      cp report-$b.json $OUT/
    done ;;
  fp16)
    echo "## fp16 vs fp32 agreement on the sample notes' token ids"
    PYTHONPATH=/tmp/site /opt/torch/.venv/bin/python fp16_check.py model/model.onnx model-fp16/model.onnx ids.npy mask.npy cuda 2>&1 | grep -v ' \[W:' | tee -a $OUT/fp16.md
    echo "## medsent engine, fp16 model"
    ./medsent-engine-bench --model-dir model-fp16 --device cuda:0 --intra-threads 4 ${ENGINE_ARGS:-} 2>&1 | tee -a $OUT/rust-fp16.md ;;
  serve)
    MEDSENT_HMAC_KEY=gpu-bench-secret-0123456789 ./medsent serve --no-auth --listen 127.0.0.1:18181 --model-dir model \
      --device cuda:0 --max-batch-size 128 --max-queue-windows 8192 --instances 2 --http-threads 8 --log-level warn &
    for _ in $(seq 100); do curl -sf localhost:18181/readyz >/dev/null && break; sleep 0.2; done
    ./medsent-load http://127.0.0.1:18181/v1/sentiment --concurrency 1,16,64,256,512 --seconds 10 \
      --label "medsent serve, H100" 2>&1 | tee -a $OUT/serve.md
    kill %1 ;;
  esac
done
