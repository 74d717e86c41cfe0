#!/usr/bin/env bash
# Runs the forecaster on its embedded defaults: in-memory storage and a live replay of the bundled trace
# (no Prometheus needed). Builds the jar first when it is missing. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
VERSION=0.1.0-SNAPSHOT
JAR=forecaster/target/forecaster-$VERSION.jar
PORT="${SERVER_PORT:-8081}"

if [ ! -f "$JAR" ]; then
  echo "building $JAR (first run only) ..."
  ./mvnw -B -q -DskipTests -pl forecaster -am package
fi

export WORKLOAD="${WORKLOAD:-demo}"
export METRIC="${METRIC:-tweets_per_5m}"
export ADAPTER="${ADAPTER:-replay}"
export STEP="${STEP:-5m}"
export HORIZON="${HORIZON:-1h}"
export WINDOW="${WINDOW:-7d}"
export INTERVAL="${INTERVAL:-30s}"
export TARGET_PER_POD="${TARGET_PER_POD:-20}"
export SERVER_PORT="$PORT"

"$JAVA" -jar "$JAR" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' INT TERM EXIT

echo "waiting for the first forecast on http://localhost:$PORT ..."
for _ in $(seq 1 120); do
  if curl -fsS "http://localhost:$PORT/forecast/current?workload=$WORKLOAD" -o /tmp/kedastral-demo.json 2>/dev/null; then
    echo
    echo "=== GET http://localhost:$PORT/forecast/current?workload=$WORKLOAD"
    cat /tmp/kedastral-demo.json
    echo
    echo
    echo "A new forecast is made every $INTERVAL. Try:"
    echo "  curl -s 'http://localhost:$PORT/forecast/current?workload=$WORKLOAD'"
    echo "  curl -s http://localhost:$PORT/metrics | grep ^kedastral_"
    echo "Ctrl-C stops the forecaster."
    wait $PID
    exit $?
  fi
  if ! kill -0 $PID 2>/dev/null; then
    echo "the forecaster exited; see its output above" >&2
    exit 1
  fi
  sleep 1
done
echo "no forecast after 120 s" >&2
exit 1
