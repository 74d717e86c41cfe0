#!/usr/bin/env bash
# Measures the memory of the forecaster and the scaler run exactly as their images run them
# (docs/benchmarks.md, "Container memory"): each jar laid out as the Dockerfile's layers, started
# from that directory with the runtime stage's ENTRYPOINT flags and no other environment than the
# image's and the application's, under an emulated container limit: -XX:MaxRAM=<limit> and
# -XX:ActiveProcessorCount=1 make the JVM size heap, GC and thread pools as it does under a cgroup
# memory limit and a CPU limit of at most one core (no cgroup is created; the limit is not enforced,
# so the figures show how far under or over it the process stays).
#
# Usage: scripts/bench-container-memory.sh
#   (needs the jars: ./mvnw -B -q -pl forecaster,scaler,benchmarks -am package -DskipTests -Dfuzz.skip=true)
# FORECASTER_LIMIT (512m), SCALER_LIMIT (256m): the emulated limits.
# TRACE (../shared/data/nab/Twitter_volume_AMZN.csv): the forecaster's REPLAY_FILE.
# MODELS ("baseline sarima"): forecaster runs; sarima runs with SARIMA_S=1440 (a daily season at STEP=1m).
# IDLE_SECONDS (60), SECONDS_PER_RUN (15), WARMUP (5), CONCURRENCY ("16 64") tune the runs.
# WORST_CASE=1: the whole heap committed and touched from the start (see entrypoint_flags).
# FORECASTER_FLAGS / SCALER_FLAGS replace the Dockerfile's flags and EXTRA_ENV (KEY=value ...) adds
# to its ENV, to compare variants (both printed). MODELS= (empty) measures the scaler only.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
V=0.1.0-SNAPSHOT
OUT=/tmp/kedastral-bench-container
TRACE="${TRACE:-$(cd .. && pwd)/shared/data/nab/Twitter_volume_AMZN.csv}"
IDLE_SECONDS="${IDLE_SECONDS:-60}"
mkdir -p $OUT
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

mib() { echo $(( $(awk -v k="$2:" '$1 == k {print $2}' /proc/$1/status) / 1024 )); }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
used() { # "heap used X of Y MiB committed, non-heap Z MiB", from the app's /metrics
  curl -s "$1/metrics" | awk '/^jvm_memory_used_bytes/ && /area="heap"/ {h+=$NF}
    /^jvm_memory_committed_bytes/ && /area="heap"/ {c+=$NF}
    /^jvm_memory_used_bytes/ && /area="nonheap"/ {n+=$NF}
    END {printf "heap used %d of %d MiB committed, non-heap %d MiB", h/1048576, c/1048576, n/1048576}'
}

# The Dockerfile's ENTRYPOINT without "java" (one flag per line), or $2 when set. WORST_CASE=1
# commits and touches the whole heap from the start (InitialRAMPercentage = MaxRAMPercentage,
# AlwaysPreTouch): the RSS of a process whose heap has grown to its maximum.
entrypoint_flags() {
  local flags
  if [ -n "$2" ]; then flags=$(tr ' ' '\n' <<<"$2")
  else flags=$(grep '^ENTRYPOINT ' "$1" | sed 's/^ENTRYPOINT //' | jq -r '.[1:][]'); fi
  if [ "${WORST_CASE:-0}" = 1 ]; then
    local max; max=$(grep -o 'MaxRAMPercentage=[0-9.]*' <<<"$flags" | cut -d= -f2)
    head -n -1 <<<"$flags"
    echo "-XX:InitialRAMPercentage=$max"; echo "-XX:+AlwaysPreTouch"
    tail -n 1 <<<"$flags"
  else
    echo "$flags"
  fi
}

# The runtime stage's ENV (KEY=value words without blanks, as these Dockerfiles write them).
image_env() {
  awk '/^FROM / {e = ""} /^ENV / {sub(/^ENV /, ""); e = e " " $0} END {print e}' "$1"
}

# The image's /app: the jar's layers extracted and merged in the Dockerfile's COPY order.
layout() { # app
  rm -rf "$OUT/$1"
  "$JAVA" -Djarmode=tools -jar "$1/target/$1-$V.jar" extract --layers --launcher \
    --destination "$OUT/$1/extracted" >/dev/null
  mkdir -p "$OUT/$1/app"
  for layer in dependencies spring-boot-loader snapshot-dependencies application; do
    cp -a "$OUT/$1/extracted/$layer/." "$OUT/$1/app/"
  done
}

start() { # app limit log env... ; the pid goes to $started
  local app=$1 limit=$2 log=$3 flags_override=$4; shift 4
  mapfile -t flags < <(entrypoint_flags "Dockerfile.$app" "$flags_override")
  read -r -a image_env <<<"$(image_env "Dockerfile.$app") ${EXTRA_ENV:-}"
  echo "$app: ${image_env[*]} java -XX:MaxRAM=$limit -XX:ActiveProcessorCount=1 ${flags[*]}" >&2
  (cd "$OUT/$app/app" && exec env -i PATH=/usr/bin:/bin "${image_env[@]}" "$@" \
    "$JAVA" -XX:MaxRAM="$limit" -XX:ActiveProcessorCount=1 "${flags[@]}") >"$log" 2>&1 &
  started=$!; pids+=($started)
}

wait_for() { # url pid log
  until curl -fsS "$1" -o /dev/null 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo "process died, see $3"; exit 1; }
    sleep 0.1
  done
}

echo "load average at start: $(cut -d" " -f1-3 /proc/loadavg)"
layout forecaster
layout scaler

# --- forecaster: 7 days at 1-minute steps, one tick every 10 s, idle ----------------------------
for model in ${MODELS-baseline sarima}; do
  t0=$(date +%s%N)
  start forecaster "${FORECASTER_LIMIT:-512m}" $OUT/forecaster-$model.log "${FORECASTER_FLAGS:-}" \
    WORKLOAD=bench METRIC=tweets ADAPTER=replay REPLAY_FILE="$TRACE" STEP=1m WINDOW=7d \
    HORIZON=30m INTERVAL=10s MODEL="$model" SARIMA_S=1440 SERVER_PORT=18181 LOG_LEVEL=warn
  f=$started
  wait_for "http://127.0.0.1:18181/forecast/current?workload=bench" $f $OUT/forecaster-$model.log
  first=$(ms_since "$t0")
  sleep "$IDLE_SECONDS"
  snapshot_model=$(curl -s "http://127.0.0.1:18181/forecast/current?workload=bench" | jq -r .model)
  echo "forecaster MODEL=$model ($snapshot_model): first snapshot after $first ms; after" \
    "${IDLE_SECONDS}s: RSS $(mib $f VmRSS) MiB, peak RSS (VmHWM) $(mib $f VmHWM) MiB," \
    "$(used http://127.0.0.1:18181)"
  kill $f; wait $f 2>/dev/null || true
done

# --- scaler: idle, then GetMetrics under load against a forecaster --------------------------------
start forecaster 512m $OUT/forecaster-for-scaler.log "${FORECASTER_FLAGS:-}" \
  WORKLOAD=bench METRIC=tweets ADAPTER=replay REPLAY_FILE="$TRACE" STEP=5m HORIZON=1h \
  INTERVAL=30s SERVER_PORT=18190 LOG_LEVEL=warn
wait_for "http://127.0.0.1:18190/forecast/current?workload=bench" $started $OUT/forecaster-for-scaler.log

# The driver is one client address: the per-client limits (docs/SECURITY.md) are raised out of
# its way, as in scripts/bench-scaler.sh, so the scaler serves every call (its worst case).
t0=$(date +%s%N)
start scaler "${SCALER_LIMIT:-256m}" $OUT/scaler.log "${SCALER_FLAGS:-}" \
  FORECASTER_URL=http://127.0.0.1:18190 GRPC_PORT=18151 SERVER_PORT=18182 CACHE_TTL=5s \
  GRPC_RATE_LIMIT_PER_CLIENT=0 GRPC_MAX_CONCURRENT_PER_CLIENT=100000 LOG_LEVEL=warn
s=$started
wait_for http://127.0.0.1:18182/readyz $s $OUT/scaler.log
echo "scaler: ready after $(ms_since "$t0") ms"
sleep "$IDLE_SECONDS"
echo "scaler idle ${IDLE_SECONDS}s: RSS $(mib $s VmRSS) MiB, $(used http://127.0.0.1:18182)"

QUIET=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
for c in ${CONCURRENCY:-16 64}; do
  max=0
  "$JAVA" "${QUIET[@]}" -cp benchmarks/target/benchmarks.jar io.kedastral.benchmarks.ScalerLoadDriver \
    --target=127.0.0.1:18151 --workload=bench --concurrency="$c" --warmup="${WARMUP:-5}" \
    --seconds="${SECONDS_PER_RUN:-15}" >$OUT/driver.out 2>&1 &
  d=$!
  while kill -0 $d 2>/dev/null; do
    r=$(mib $s VmRSS); [ "$r" -gt "$max" ] && max=$r; sleep 0.2
  done
  wait $d || { cat $OUT/driver.out; exit 1; }
  echo "scaler under load, $c concurrent: $(tail -1 $OUT/driver.out); highest RSS $max MiB"
done
echo "scaler after the load runs: RSS $(mib $s VmRSS) MiB, peak RSS (VmHWM) $(mib $s VmHWM) MiB," \
  "$(used http://127.0.0.1:18182)"
kill -0 $s || { echo "the scaler died, see $OUT/scaler.log"; exit 1; }
echo "load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
