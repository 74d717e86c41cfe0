#!/usr/bin/env bash
# Measures the scaler (docs/benchmarks.md, "Scaler"): start-up to ready, RSS idle and under load,
# and GetMetrics throughput/latency at 16 and 64 concurrent calls, with the snapshot cached
# (CACHE_TTL=5s) and through the cache-miss path (CACHE_TTL=0s: a forecaster fetch per call, bar
# coalesced concurrent ones), each beside a do-nothing grpc-java server measured in the same run.
# Usage: scripts/bench-scaler.sh   (needs the jars: ./mvnw -B -q -DskipTests package)
# SECONDS_PER_RUN (15), WARMUP (5), CONCURRENCY ("16 64"), REPEAT (2) tune the runs.
# JAVA_OPTS applies to the scaler and the no-op server alike (not to the driver or the forecaster).
# The driver is one client address, so the per-client limits (docs/SECURITY.md) would refuse most
# of its calls: they are raised out of the way (the limiter's bookkeeping stays on the call path);
# SCALER_LIMITS="GRPC_RATE_LIMIT_PER_CLIENT=500 GRPC_MAX_CONCURRENT_PER_CLIENT=64" measures the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
V=0.1.0-SNAPSHOT
SECONDS_PER_RUN="${SECONDS_PER_RUN:-15}"
WARMUP="${WARMUP:-5}"
CONCURRENCY="${CONCURRENCY:-16 64}"
QUIET=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
"$JAVA" "${QUIET[@]}" -version >/dev/null 2>&1 || QUIET=()
DRIVER=("$JAVA" "${QUIET[@]}" -cp benchmarks/target/benchmarks.jar io.kedastral.benchmarks.ScalerLoadDriver)
LOGS=/tmp/kedastral-bench-scaler
mkdir -p $LOGS
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

rss() { echo $(( $(awk '/VmRSS/ {print $2}' /proc/$1/status) / 1024 )); }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# while the driver runs, the highest RSS of $1 goes to $2
sample_rss() {
  local max=0 r
  while kill -0 "$1" 2>/dev/null && [ ! -f "$2.stop" ]; do
    r=$(rss "$1"); [ "$r" -gt "$max" ] && max=$r; echo $max > "$2"; sleep 0.2
  done
}

drive() { # label port pid concurrency
  rm -f $LOGS/rss $LOGS/rss.stop
  sample_rss "$3" $LOGS/rss &
  sampler=$!
  out=$("${DRIVER[@]}" --target=127.0.0.1:"$2" --workload=bench --concurrency="$4" \
    --warmup="$WARMUP" --seconds="$SECONDS_PER_RUN")
  touch $LOGS/rss.stop; wait $sampler 2>/dev/null || true
  echo "$1: $out rss_under_load=$(cat $LOGS/rss)MiB"
}

start_scaler() { # cache_ttl grpc_port http_port
  local t0; t0=$(date +%s%N)
  env ${SCALER_LIMITS:-GRPC_RATE_LIMIT_PER_CLIENT=0 GRPC_MAX_CONCURRENT_PER_CLIENT=100000} \
    SERVER_PORT=$3 GRPC_PORT=$2 FORECASTER_URL=http://127.0.0.1:18090 CACHE_TTL=$1 LOG_LEVEL=warn \
    "$JAVA" "${QUIET[@]}" ${JAVA_OPTS:-} -jar scaler/target/scaler-$V.jar \
    >$LOGS/scaler-$2.log 2>&1 &
  scaler=$!; pids+=($scaler)
  until curl -fsS "http://127.0.0.1:$3/readyz" -o /dev/null 2>/dev/null; do sleep 0.05; done
  echo "scaler CACHE_TTL=$1: ready (/readyz, gRPC listening) after $(ms_since "$t0") ms"
}

WORKLOAD=bench METRIC=tweets ADAPTER=replay STEP=5m HORIZON=1h INTERVAL=30s SERVER_PORT=18090 \
  LOG_LEVEL=warn "$JAVA" -jar forecaster/target/forecaster-$V.jar >$LOGS/forecaster.log 2>&1 &
pids+=($!)
until curl -fsS "http://127.0.0.1:18090/forecast/current?workload=bench" -o /dev/null 2>/dev/null; do
  sleep 0.1
done

rm -f $LOGS/noop.log
t0=$(date +%s%N)
"$JAVA" "${QUIET[@]}" ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar \
  io.kedastral.benchmarks.ScalerLoadDriver --serve-noop=18052 >$LOGS/noop.log 2>&1 &
noop=$!; pids+=($noop)
until grep -q listening $LOGS/noop.log 2>/dev/null; do sleep 0.01; done
echo "no-op server: listening after $(ms_since "$t0") ms ($(cat $LOGS/noop.log))"

start_scaler 5s 18051 18082
sleep "${IDLE_SECONDS:-10}"
echo "idle RSS: scaler $(rss $scaler) MiB, no-op server $(rss $noop) MiB"

# no-op and scaler alternate, REPEAT times each, so load from elsewhere hits both alike
for c in $CONCURRENCY; do
  for _ in $(seq 1 "${REPEAT:-2}"); do
    drive "no-op   " 18052 $noop "$c"
    drive "cached  " 18051 $scaler "$c"
  done
done
kill $scaler; wait $scaler 2>/dev/null || true

start_scaler 0s 18053 18083
before=$(curl -s http://127.0.0.1:18090/metrics | awk -F' ' '/^http_server_requests_seconds_count\{.*uri="\/forecast\/current"/ {s+=$2} END {print s+0}')
for c in $CONCURRENCY; do drive "miss    " 18053 $scaler "$c"; done
after=$(curl -s http://127.0.0.1:18090/metrics | awk -F' ' '/^http_server_requests_seconds_count\{.*uri="\/forecast\/current"/ {s+=$2} END {print s+0}')
echo "forecaster requests during the cache-miss runs (warm-up included): $((after - before))"
