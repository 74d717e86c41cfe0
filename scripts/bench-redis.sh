#!/usr/bin/env bash
# Redis figures of docs/benchmarks.md, against a private redis-server (free port, password, no
# persistence) and the forecaster jar on the replay source:
#   latency  /forecast/current served from memory vs from Redis (HttpLatency load driver)
#   memory   MEMORY USAGE of one snapshot: 30 points (defaults) and 1440 points with two quantiles
#   failover two replicas (INTERVAL=$FAILOVER_INTERVAL); the leader is killed (SIGKILL, a crash) or
#            stopped (SIGTERM, releases its lease); time until the follower's first snapshot is stored
# Usage: scripts/bench-redis.sh [latency|memory|failover|all] [failover runs]
# Needs: ./mvnw -B -q -DskipTests package, redis-server and redis-cli on PATH, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT="${1:-all}"
RUNS="${2:-3}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=forecaster/target/forecaster-0.1.0-SNAPSHOT.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
FAILOVER_INTERVAL="${FAILOVER_INTERVAL:-10s}"
WORK=$(mktemp -d /tmp/kedastral-bench-redis.XXXXXX)
REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export REDISCLI_AUTH="bench-$RANDOM-$RANDOM"
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do { kill -9 "$p"; wait "$p"; } 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --requirepass "$REDISCLI_AUTH" --save "" \
  --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
PIDS+=($!)
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --no-auth-warning "$@"; }
until [ "$(rcli PING 2>/dev/null)" = PONG ]; do sleep 0.05; done

# start_forecaster NAME PORT [VAR=VALUE...]: starts the jar in the background, sets $STARTED_PID
start_forecaster() {
  local name=$1 port=$2
  shift 2
  env WORKLOAD=bench METRIC=tweets ADAPTER=replay STEP=1m WINDOW=7d HORIZON=30m INTERVAL=1h \
    REDIS_TTL=3h REDIS_ADDR="127.0.0.1:$REDIS_PORT" REDIS_PASSWORD="$REDISCLI_AUTH" \
    SERVER_PORT="$port" LOG_LEVEL=warn HOSTNAME="$name" "$@" \
    "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" >"$WORK/$name.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=($STARTED_PID)
}

await_snapshot() { # PORT PID
  until curl -fsS "http://127.0.0.1:$1/forecast/current?workload=bench" -o /dev/null 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo "forecaster died:"; tail -20 "$WORK"/*.log; exit 1; }
    sleep 0.05
  done
}

stop() { { kill "$1"; wait "$1"; } 2>/dev/null || true; }

latency() {
  for storage in memory redis; do
    rcli FLUSHALL >/dev/null
    start_forecaster "latency-$storage" 18091 STORAGE=$storage
    local pid=$STARTED_PID
    await_snapshot 18091 "$pid"
    for threads in 1 4; do
      echo -n "STORAGE=$storage  "
      "$JAVA" -cp "$BENCH_JAR" io.kedastral.benchmarks.HttpLatency \
        "http://127.0.0.1:18091/forecast/current?workload=bench" 20000 "$threads" 10000
    done
    stop "$pid"
  done
}

memory() {
  for settings in "HORIZON=30m" "HORIZON=1d QUANTILE_LEVEL=0.95"; do
    rcli FLUSHALL >/dev/null
    # shellcheck disable=SC2086
    start_forecaster memory 18092 STORAGE=redis $settings
    local pid=$STARTED_PID
    await_snapshot 18092 "$pid"
    local points quantiles
    points=$(curl -fsS "http://127.0.0.1:18092/forecast/current?workload=bench" \
      | python3 -c 'import json,sys; s=json.load(sys.stdin); print(len(s["values"]), sorted(s["quantiles"]))')
    echo "$settings: points/quantiles $points; STRLEN $(rcli STRLEN kedastral:snapshot:bench) bytes;" \
      "MEMORY USAGE $(rcli MEMORY USAGE kedastral:snapshot:bench SAMPLES 0) bytes;" \
      "lease key $(rcli MEMORY USAGE kedastral:lease:bench) bytes"
    stop "$pid"
  done
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

failover() {
  local signal=$1
  for run in $(seq 1 "$RUNS"); do
    rcli FLUSHALL >/dev/null
    start_forecaster fc-a 18093 STORAGE=redis INTERVAL="$FAILOVER_INTERVAL"
    local a=$STARTED_PID
    await_snapshot 18093 "$a"
    start_forecaster fc-b 18094 STORAGE=redis INTERVAL="$FAILOVER_INTERVAL"
    local b=$STARTED_PID
    until curl -fsS http://127.0.0.1:18094/readyz -o /dev/null 2>/dev/null; do sleep 0.05; done
    sleep 1
    local holder before leader follower
    holder=$(rcli GET kedastral:lease:bench)
    case "$holder" in fc-a/*) leader=$a follower=fc-b ;; *) leader=$b follower=fc-a ;; esac
    before=$(rcli GET kedastral:snapshot:bench | md5sum)
    local t0
    t0=$(now_ms)
    kill -s "$signal" "$leader"
    while true; do
      holder=$(rcli GET kedastral:lease:bench)
      if [[ "$holder" == "$follower/"* ]] && [ "$(rcli GET kedastral:snapshot:bench | md5sum)" != "$before" ]; then
        break
      fi
      sleep 0.02
    done
    echo "failover ($signal, INTERVAL=$FAILOVER_INTERVAL) run $run: $(( $(now_ms) - t0 )) ms from the leader's end to the follower's first stored snapshot"
    stop "$a"
    stop "$b"
  done
}

case "$WHAT" in
  latency) latency ;;
  memory) memory ;;
  failover) failover KILL; failover TERM ;;
  all) latency; memory; failover KILL; failover TERM ;;
  *) echo "usage: $0 [latency|memory|failover|all] [runs]"; exit 2 ;;
esac
