#!/usr/bin/env bash
# Runs the forecaster on its embedded defaults (in-memory storage, a live replay of the bundled
# trace, no Prometheus needed) and the scaler in front of it, then asks the scaler what KEDA would
# get, with the client shipped in the scaler jar. Builds the jars first when they are missing.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
VERSION=0.1.0-SNAPSHOT
FORECASTER_JAR=forecaster/target/forecaster-$VERSION.jar
SCALER_JAR=scaler/target/scaler-$VERSION.jar
PORT="${SERVER_PORT:-8081}"
SCALER_PORT="${SCALER_PORT:-8082}"
# Newer JDKs warn about protobuf's and Netty's low-level access; silence that where it is known.
JVM_QUIET=()
if "$JAVA" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  JVM_QUIET=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
GRPC_PORT="${GRPC_PORT:-50051}"

if [ ! -f "$FORECASTER_JAR" ] || [ ! -f "$SCALER_JAR" ]; then
  echo "building the jars (first run only) ..."
  ./mvnw -B -q -DskipTests -pl forecaster,scaler -am package
fi

export WORKLOAD="${WORKLOAD:-demo}"
export METRIC="${METRIC:-tweets_per_5m}"
export ADAPTER="${ADAPTER:-replay}"
export STEP="${STEP:-5m}"
export HORIZON="${HORIZON:-1h}"
export WINDOW="${WINDOW:-7d}"
export INTERVAL="${INTERVAL:-30s}"
export TARGET_PER_POD="${TARGET_PER_POD:-20}"
export LEAD_TIME="${LEAD_TIME:-10m}"

SERVER_PORT="$PORT" "$JAVA" -jar "$FORECASTER_JAR" &
FORECASTER=$!
SERVER_PORT="$SCALER_PORT" GRPC_PORT="$GRPC_PORT" FORECASTER_URL="http://localhost:$PORT" \
  "$JAVA" "${JVM_QUIET[@]}" -jar "$SCALER_JAR" &
SCALER=$!
trap 'kill $FORECASTER $SCALER 2>/dev/null; wait $FORECASTER $SCALER 2>/dev/null' INT TERM EXIT

wait_for() { # url what pid
  for _ in $(seq 1 120); do
    if curl -fsS "$1" -o /tmp/kedastral-demo.json 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "the $2 exited; see its output above" >&2
      exit 1
    fi
    sleep 1
  done
  echo "the $2 was not ready after 120 s" >&2
  exit 1
}

echo "waiting for the first forecast on http://localhost:$PORT and the scaler on :$GRPC_PORT ..."
wait_for "http://localhost:$PORT/forecast/current?workload=$WORKLOAD" forecaster $FORECASTER
echo
echo "=== GET http://localhost:$PORT/forecast/current?workload=$WORKLOAD"
cat /tmp/kedastral-demo.json
echo
wait_for "http://localhost:$SCALER_PORT/readyz" scaler $SCALER
echo
echo "=== what KEDA gets from the scaler (ScaledObject 'demo', lead time $LEAD_TIME)"
"$JAVA" "${JVM_QUIET[@]}" -jar "$SCALER_JAR" ask --address="localhost:$GRPC_PORT" --name="$WORKLOAD" || true
echo
echo "A new forecast is made every $INTERVAL. Try:"
echo "  $JAVA -jar $SCALER_JAR ask --address=localhost:$GRPC_PORT --name=$WORKLOAD --leadTime=30m"
echo "  curl -s 'http://localhost:$PORT/forecast/current?workload=$WORKLOAD'"
echo "  curl -s http://localhost:$SCALER_PORT/metrics | grep ^kedastral_scaler_"
echo "Ctrl-C stops the forecaster and the scaler."
wait $FORECASTER $SCALER
