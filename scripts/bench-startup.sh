#!/usr/bin/env bash
# Measures the forecaster's time from process start to its first snapshot, and its resident memory
# (RSS) when idle, on the replay source (7-day window at 1-minute step by default).
# Usage: scripts/bench-startup.sh [runs]   (needs the jar: ./mvnw -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=forecaster/target/forecaster-0.1.0-SNAPSHOT.jar
PORT=18081
export WORKLOAD=bench METRIC=tweets ADAPTER=replay STEP="${STEP:-1m}" WINDOW="${WINDOW:-7d}" \
  HORIZON="${HORIZON:-30m}" INTERVAL="${INTERVAL:-30s}" SERVER_PORT=$PORT LOG_LEVEL=warn

for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" >/tmp/kedastral-bench-$run.log 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$PORT/forecast/current?workload=bench" -o /dev/null 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "forecaster died, see /tmp/kedastral-bench-$run.log"; exit 1; }
    sleep 0.05
  done
  first=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "${IDLE_SECONDS:-30}"
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "run $run: first snapshot after ${first} ms; RSS idle $((rss / 1024)) MiB"
  kill $pid; wait $pid 2>/dev/null || true
done
