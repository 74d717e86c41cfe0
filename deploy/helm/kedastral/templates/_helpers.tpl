{{/* Chart name, truncated to a DNS label. */}}
{{- define "kedastral.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name. */}}
{{- define "kedastral.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kedastral.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "kedastral.commonLabels" -}}
helm.sh/chart: {{ include "kedastral.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: kedastral
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Forecaster names and labels; call with (dict "root" $ "w" $workload). */}}
{{- define "kedastral.forecaster.fullname" -}}
{{- printf "%s-forecaster-%s" (include "kedastral.fullname" .root) .w.name }}
{{- end }}

{{- define "kedastral.forecaster.selectorLabels" -}}
app.kubernetes.io/name: kedastral-forecaster
app.kubernetes.io/instance: {{ .root.Release.Name }}
kedastral.io/workload: {{ .w.name }}
{{- end }}

{{- define "kedastral.forecaster.labels" -}}
{{ include "kedastral.commonLabels" .root }}
app.kubernetes.io/name: kedastral-forecaster
app.kubernetes.io/component: forecaster
kedastral.io/workload: {{ .w.name }}
{{- end }}

{{/* Selects every forecaster of the release. */}}
{{- define "kedastral.forecaster.releaseSelector" -}}
app.kubernetes.io/name: kedastral-forecaster
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kedastral.scaler.fullname" -}}
{{- printf "%s-scaler" (include "kedastral.fullname" .) }}
{{- end }}

{{- define "kedastral.scaler.selectorLabels" -}}
app.kubernetes.io/name: kedastral-scaler
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kedastral.scaler.labels" -}}
{{ include "kedastral.commonLabels" . }}
app.kubernetes.io/name: kedastral-scaler
app.kubernetes.io/component: scaler
{{- end }}

{{- define "kedastral.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kedastral.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kedastral.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* Replicas of one workload's forecaster; call with (dict "root" $ "w" $workload). */}}
{{- define "kedastral.forecaster.replicas" -}}
{{- if hasKey .w "replicas" }}{{ int .w.replicas }}{{ else }}{{ int .root.Values.forecaster.replicas }}{{ end }}
{{- end }}

{{/* Environment value: whole numbers without exponent or ".0", everything else as text. */}}
{{- define "kedastral.envValue" -}}
{{- if and (kindIs "float64" .) (eq (floor .) .) }}{{ int64 . }}{{ else }}{{ toString . }}{{ end }}
{{- end }}

{{/* Seconds of a Kedastral duration such as 30s, 5m, 1h30m, 2d, 1w (ms are counted too). */}}
{{- define "kedastral.seconds" -}}
{{- $total := 0.0 }}
{{- range regexFindAll "[0-9]+(ms|s|m|h|d|w)" . -1 }}
{{- $n := regexFind "^[0-9]+" . | float64 }}
{{- $unit := regexReplaceAll "^[0-9]+" . "" }}
{{- $factor := get (dict "ms" 0.001 "s" 1.0 "m" 60.0 "h" 3600.0 "d" 86400.0 "w" 604800.0) $unit }}
{{- $total = addf $total (mulf $n $factor) }}
{{- end }}
{{- $total }}
{{- end }}

{{/* Is TLS between scaler and forecasters on. */}}
{{- define "kedastral.scheme" -}}
{{- if .Values.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{/* Name of the port where a forecaster serves probes and /metrics. */}}
{{- define "kedastral.forecaster.metricsPortName" -}}
{{- if .Values.tls.enabled }}management{{ else }}http{{ end }}
{{- end }}

{{- define "kedastral.forecaster.metricsPort" -}}
{{- if .Values.tls.enabled }}{{ .Values.forecaster.managementPort }}{{ else }}8081{{ end }}
{{- end }}

{{/* TLS Secret names; forecaster: call with (dict "root" $ "w" $workload). */}}
{{- define "kedastral.forecaster.tlsSecret" -}}
{{- if eq .root.Values.tls.mode "existingSecret" }}
{{- default .root.Values.tls.existingSecret.forecaster (get .w "tlsSecret") }}
{{- else }}
{{- printf "%s-tls" (include "kedastral.forecaster.fullname" .) }}
{{- end }}
{{- end }}

{{- define "kedastral.scaler.clientTlsSecret" -}}
{{- if eq .Values.tls.mode "existingSecret" }}
{{- .Values.tls.existingSecret.scalerClient }}
{{- else }}
{{- printf "%s-client-tls" (include "kedastral.scaler.fullname" .) }}
{{- end }}
{{- end }}

{{- define "kedastral.scaler.grpcTlsSecret" -}}
{{- if eq .Values.tls.mode "existingSecret" }}
{{- .Values.tls.existingSecret.scalerGrpc }}
{{- else }}
{{- printf "%s-grpc-tls" (include "kedastral.scaler.fullname" .) }}
{{- end }}
{{- end }}

{{/* Pod-level settings shared by both apps; call with (dict "root" $ "selector" <selector labels>). */}}
{{- define "kedastral.podSpecCommon" -}}
serviceAccountName: {{ include "kedastral.serviceAccountName" .root }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  runAsNonRoot: true
  runAsUser: 65532
  runAsGroup: 65532
  fsGroup: 65532
  seccompProfile:
    type: RuntimeDefault
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if eq .root.Values.podAntiAffinity "preferred" }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: {{ .root.Values.podAntiAffinityTopologyKey }}
          labelSelector:
            matchLabels:
              {{- .selector | nindent 14 }}
{{- else if eq .root.Values.podAntiAffinity "required" }}
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: {{ .root.Values.podAntiAffinityTopologyKey }}
        labelSelector:
          matchLabels:
            {{- .selector | nindent 12 }}
{{- end }}
{{- if .root.Values.topologySpreadConstraints.enabled }}
topologySpreadConstraints:
  - maxSkew: {{ .root.Values.topologySpreadConstraints.maxSkew }}
    topologyKey: {{ .root.Values.topologySpreadConstraints.topologyKey }}
    whenUnsatisfiable: {{ .root.Values.topologySpreadConstraints.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- .selector | nindent 8 }}
{{- end }}
{{- end }}

{{/* Container securityContext of both apps. */}}
{{- define "kedastral.containerSecurityContext" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities:
    drop: ["ALL"]
{{- end }}

{{/* The workload keys that set one forecaster variable each (key: VARIABLE), as YAML. */}}
{{- define "kedastral.forecaster.settingEnv" -}}
adapter: ADAPTER
promTimeout: PROM_TIMEOUT
model: MODEL
step: STEP
horizon: HORIZON
window: WINDOW
interval: INTERVAL
sarimaS: SARIMA_S
targetPerPod: TARGET_PER_POD
headroom: HEADROOM
quantileLevel: QUANTILE_LEVEL
safetyMargin: SAFETY_MARGIN
minReplicas: MIN_REPLICAS
maxReplicas: MAX_REPLICAS
upMaxFactor: UP_MAX_FACTOR
downMaxPercent: DOWN_MAX_PERCENT
prewarmWindow: PREWARM_WINDOW
reactiveFloor: REACTIVE_FLOOR
leadTime: LEAD_TIME
{{- end }}

{{/* Variables the chart sets itself from other values: never in an env map. */}}
{{- define "kedastral.forecaster.managedEnv" -}}
WORKLOAD: name
METRIC: metric
PROM_URL: promUrl or prometheus.url
PROM_QUERY: promQuery
STORAGE: storage
REDIS_ADDR: redis.addr
REDIS_PASSWORD: redis.existingSecret
REDIS_DB: redis.db
REDIS_TTL: redis.ttl
REDIS_CA_FILE: redis.tls.caSecret
TLS_ENABLED: tls.enabled
TLS_CERT_FILE: tls
TLS_KEY_FILE: tls
TLS_CA_FILE: tls.mtls
TLS_MIN_VERSION: tls.minVersion
MANAGEMENT_PORT: forecaster.managementPort
LOG_FORMAT: logging.format
LOG_LEVEL: logging.level
ARIMA_P: arima.p
ARIMA_D: arima.d
ARIMA_Q: arima.q
SARIMA_P: sarima.p
SARIMA_D: sarima.d
SARIMA_Q: sarima.q
SARIMA_SP: sarima.sp
SARIMA_SD: sarima.sd
SARIMA_SQ: sarima.sq
{{- end }}

{{- define "kedastral.scaler.managedEnv" -}}
FORECASTER_URL: the chart (one forecaster Service per workload)
LEAD_TIME: scaler.leadTime
STALE_AFTER: scaler.staleAfter
CACHE_TTL: scaler.cacheTtl
TLS_ENABLED: tls.enabled
TLS_CERT_FILE: tls.mtls
TLS_KEY_FILE: tls.mtls
TLS_CA_FILE: tls.enabled
TLS_MIN_VERSION: tls.minVersion
GRPC_TLS_CERT_FILE: tls.grpc.enabled
GRPC_TLS_KEY_FILE: tls.grpc.enabled
GRPC_TLS_CA_FILE: tls.grpc.mtls
LOG_FORMAT: logging.format
LOG_LEVEL: logging.level
{{- end }}

{{/* Render-time checks: fail with a message naming the value. */}}
{{- define "kedastral.validate" -}}
{{- $root := . }}
{{- $seen := dict }}
{{- range $w := .Values.workloads }}
{{- if hasKey $seen $w.name }}
{{- fail (printf "workloads: the name %q appears twice; each workload needs its own forecaster" $w.name) }}
{{- end }}
{{- $_ := set $seen $w.name true }}
{{- $fn := include "kedastral.forecaster.fullname" (dict "root" $root "w" $w) }}
{{- if gt (len $fn) 63 }}
{{- fail (printf "workloads[%s]: the forecaster's name %q is longer than 63 characters; shorten the workload name or set fullnameOverride" $w.name $fn) }}
{{- end }}
{{- $replicas := include "kedastral.forecaster.replicas" (dict "root" $root "w" $w) | int }}
{{- if and (eq $root.Values.storage "memory") (gt $replicas 1) }}
{{- fail (printf "workloads[%s]: %d forecaster replicas need storage=redis; with storage=memory each replica would compute and serve its own snapshot. Set replicas to 1 or storage to redis (with redis.addr)" $w.name $replicas) }}
{{- end }}
{{- if and (eq $root.Values.tls.mode "existingSecret") $root.Values.tls.enabled (not (include "kedastral.forecaster.tlsSecret" (dict "root" $root "w" $w))) }}
{{- fail (printf "workloads[%s]: tls.mode=existingSecret needs tls.existingSecret.forecaster or the workload's tlsSecret" $w.name) }}
{{- end }}
{{- end }}
{{- $managed := include "kedastral.forecaster.managedEnv" . | fromYaml }}
{{- range $key, $variable := include "kedastral.forecaster.settingEnv" . | fromYaml }}
{{- $_ := set $managed $variable (printf "a workload's %s" $key) }}
{{- end }}
{{- range $w := .Values.workloads }}
{{- range $name, $_ := merge (dict) (default (dict) (get $w "env")) $root.Values.forecaster.env }}
{{- if hasKey $managed $name }}
{{- fail (printf "workloads[%s]: %s is set by the chart from %s; set that value rather than env" $w.name $name (get $managed $name)) }}
{{- end }}
{{- end }}
{{- end }}
{{- $scalerManaged := include "kedastral.scaler.managedEnv" . | fromYaml }}
{{- range $name, $_ := .Values.scaler.env }}
{{- if hasKey $scalerManaged $name }}
{{- fail (printf "scaler.env: %s is set by the chart from %s; set that value rather than env" $name (get $scalerManaged $name)) }}
{{- end }}
{{- end }}
{{- if and (eq .Values.storage "redis") .Values.redis.tls.caSecret (not (hasPrefix "rediss://" .Values.redis.addr)) }}
{{- fail "redis.tls.caSecret (REDIS_CA_FILE) needs a rediss:// redis.addr: the CA verifies Redis' TLS certificate" }}
{{- end }}
{{- if and (eq .Values.storage "redis") (not .Values.redis.addr) }}
{{- fail "storage=redis needs redis.addr (host:port or a redis://, rediss:// or redis-sentinel:// URI); the chart does not deploy Redis, see examples/redis.yaml" }}
{{- end }}
{{- if and .Values.tls.enabled (eq .Values.tls.mode "existingSecret") }}
{{- if not .Values.tls.existingSecret.scalerClient }}
{{- fail "tls.mode=existingSecret needs tls.existingSecret.scalerClient (ca.crt that verifies the forecasters; tls.crt and tls.key with tls.mtls)" }}
{{- end }}
{{- if and .Values.tls.grpc.enabled (not .Values.tls.existingSecret.scalerGrpc) }}
{{- fail "tls.grpc.enabled with tls.mode=existingSecret needs tls.existingSecret.scalerGrpc (tls.crt and tls.key for the scaler's gRPC port)" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A NetworkPolicy peer from {namespaceSelector, podSelector}; no namespaceSelector = this namespace. */}}
{{- define "kedastral.np.peer" -}}
{{- if .namespaceSelector }}
- namespaceSelector:
    {{- toYaml .namespaceSelector | nindent 4 }}
  {{- with .podSelector }}
  podSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- else }}
- podSelector:
    {{- toYaml (default (dict) .podSelector) | nindent 4 }}
{{- end }}
{{- end }}
{{- define "kedastral.np.dns" -}}
# DNS.
- to:
    {{- include "kedastral.np.peer" .Values.networkPolicy.dns | nindent 4 }}
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
{{- end }}
