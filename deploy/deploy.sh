#!/usr/bin/env bash
# Deploys Kedastral with one of the Kustomize overlays (deploy/kustomize/README.md):
# `kubectl apply -k deploy/kustomize/overlays/ENV`, waits until every Deployment of the overlay
# has rolled out, then prints how to reach the forecasters and the scaler.
set -euo pipefail

readonly NAMESPACE=kedastral # every overlay's namespace (deploy/kustomize/base/kustomization.yaml)
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly OVERLAYS="$script_dir/kustomize/overlays"

usage() {
  cat <<EOF
Usage: $(basename "$0") [options] ENV

Applies deploy/kustomize/overlays/ENV with kubectl, waits for every Deployment of it to roll out
and prints how to reach the services.

ENV:  $(overlays | paste -sd ' ' -)

Options:
  --dry-run           kubectl apply --dry-run=client: show what would be applied, change nothing
                      (kubectl still reads the API server's resource types; to render without a
                      cluster use: kubectl kustomize deploy/kustomize/overlays/ENV)
  --context NAME      the kubeconfig context to use (default: the current one)
  --timeout DURATION  how long to wait for each rollout, e.g. 90s, 5m (default: 5m)
  -h, --help          this help
EOF
}

overlays() {
  local dir
  for dir in "$OVERLAYS"/*/; do
    basename "$dir"
  done
}

fail_usage() {
  echo "error: $*" >&2
  echo >&2
  usage >&2
  exit 2
}

dry_run=false
context=""
timeout=5m
env_name=""
while (($# > 0)); do
  case "$1" in
    --dry-run) dry_run=true ;;
    --context)
      (($# >= 2)) || fail_usage "--context needs a value"
      context=$2
      shift
      ;;
    --context=*) context=${1#--context=} ;;
    --timeout)
      (($# >= 2)) || fail_usage "--timeout needs a value"
      timeout=$2
      shift
      ;;
    --timeout=*) timeout=${1#--timeout=} ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*) fail_usage "unknown option $1" ;;
    *)
      [[ -z $env_name ]] || fail_usage "one ENV only (got '$env_name' and '$1')"
      env_name=$1
      ;;
  esac
  shift
done

[[ -n $env_name ]] || fail_usage "ENV is missing"
# A plain directory name only, never a path.
if [[ ! $env_name =~ ^[a-z0-9][a-z0-9-]*$ || ! -f "$OVERLAYS/$env_name/kustomization.yaml" ]]; then
  fail_usage "unknown ENV '$env_name'"
fi
if [[ -n $context && ! $context =~ ^[^[:space:]]+$ ]]; then
  fail_usage "bad --context '$context'"
fi
[[ $timeout =~ ^([0-9]+(ms|s|m|h))+$ ]] || fail_usage "bad --timeout '$timeout' (e.g. 90s, 5m)"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "error: kubectl not found on PATH (https://kubernetes.io/docs/tasks/tools/)" >&2
  exit 1
fi

kubectl_args=()
[[ -n $context ]] && kubectl_args+=(--context "$context")
overlay="$OVERLAYS/$env_name"

apply_args=(apply -k "$overlay" -o name)
$dry_run && apply_args+=(--dry-run=client)

mode=""
$dry_run && mode=" [dry run]"
echo "Applying $overlay${context:+ (context $context)}$mode"
# -o name: one "<resource>/<name>" line per object, exactly the objects of this overlay.
applied=$(kubectl "${kubectl_args[@]}" "${apply_args[@]}")
mapfile -t objects <<<"$applied"
printf '  %s\n' "${objects[@]}"

deployments=()
workloads=()
for object in "${objects[@]}"; do
  case "$object" in
    deployment.apps/*)
      deployments+=("$object")
      name=${object#deployment.apps/}
      [[ $name == kedastral-forecaster-* ]] && workloads+=("${name#kedastral-forecaster-}")
      ;;
  esac
done

if $dry_run; then
  echo "Dry run: nothing was changed, no rollout to wait for."
  exit 0
fi

for deployment in "${deployments[@]}"; do
  echo "Waiting for $deployment (at most $timeout)"
  kubectl "${kubectl_args[@]}" -n "$NAMESPACE" rollout status "$deployment" --timeout "$timeout"
done

ctx=""
[[ -n $context ]] && ctx="--context $context "
cat <<EOF

Kedastral ($env_name) is up in the namespace $NAMESPACE.

Forecasters (one per workload; API, /healthz, /readyz and /metrics on 8081):
EOF
for workload in "${workloads[@]}"; do
  cat <<EOF
  $workload:
    kubectl ${ctx}-n $NAMESPACE port-forward svc/kedastral-forecaster-$workload 8081:8081
    curl 'http://localhost:8081/forecast/current?workload=$workload'
EOF
done
cat <<EOF

Scaler (gRPC for KEDA on 50051; /healthz, /readyz and /metrics on 8082):
    kubectl ${ctx}-n $NAMESPACE port-forward svc/kedastral-scaler 8082:8082
    curl http://localhost:8082/readyz

ScaledObjects (examples/scaled-object.yaml) reach the scaler with the trigger metadata
    scalerAddress: kedastral-scaler.$NAMESPACE.svc.cluster.local:50051
    workload: <one of: ${workloads[*]}>
EOF
