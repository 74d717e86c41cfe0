package io.kedastral.deploy;

import static io.kedastral.deploy.RenderedChart.ci;
import static io.kedastral.deploy.RenderedChart.container;
import static io.kedastral.deploy.RenderedChart.deployment;
import static io.kedastral.deploy.RenderedChart.env;
import static io.kedastral.deploy.RenderedChart.envVar;
import static io.kedastral.deploy.RenderedChart.named;
import static io.kedastral.deploy.RenderedChart.rule;
import static io.kedastral.deploy.RenderedChart.service;
import static io.kedastral.deploy.RenderedChart.volumeSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart's optional parts, rendered with {@code helm template}: Redis and HA (Secrets,
 * PDBs, anti-affinity), TLS (cert-manager Certificates or existing Secrets, the management port),
 * NetworkPolicies, the PrometheusRule and the Grafana dashboard. Lint, validity of every rendered
 * object, workloads and refused values are in {@link HelmChartTest}.
 */
class HelmChartFeaturesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path temp;

  // ---- Redis and HA ----

  @Test
  void aRedisCaSecretIsMountedForARedissAddressOnly() {
    List<Manifests.Doc> docs =
        Manifests.parse(
            HelmChart.templateWith(
                """
                storage: redis
                redis:
                  addr: rediss://redis.cache.svc:6380
                  tls: {caSecret: redis-ca}
                """,
                temp),
            "rediss");
    Manifests.assertValid(docs);
    Manifests.Doc forecaster = deployment(docs, "kedastral-forecaster-my-api");
    assertThat(env(forecaster))
        .containsEntry("REDIS_ADDR", "rediss://redis.cache.svc:6380")
        .containsEntry("REDIS_CA_FILE", "/etc/kedastral/redis-ca/ca.crt")
        .doesNotContainKeys("REDIS_PASSWORD", "REDIS_DB");
    assertThat(volumeSecret(forecaster, "redis-ca")).isEqualTo("redis-ca");
    assertThatThrownBy(
            () ->
                HelmChart.templateWith(
                    "storage: redis\nredis:\n  addr: redis:6379\n  tls: {caSecret: redis-ca}\n",
                    temp))
        .hasMessageContaining("redis.tls.caSecret (REDIS_CA_FILE) needs a rediss:// redis.addr");
  }

  @Test
  void redisHaTakesThePasswordFromTheSecretAndAddsPdbsAndAntiAffinity() {
    List<Manifests.Doc> docs = HelmChart.render(ci("redis-ha-values.yaml"));
    Manifests.Doc forecaster = deployment(docs, "kedastral-forecaster-my-api");
    assertThat(forecaster.json().at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(env(forecaster))
        .containsEntry("STORAGE", "redis")
        .containsEntry("REDIS_ADDR", "kedastral-redis.kedastral.svc:6379")
        .containsEntry("REDIS_DB", "0")
        .containsEntry("REDIS_TTL", "2h")
        .containsEntry("INTERVAL", "1m")
        .containsEntry("MODEL", "auto");
    JsonNode password = envVar(container(forecaster), "REDIS_PASSWORD");
    assertThat(password.at("/valueFrom/secretKeyRef/name").asString()).isEqualTo("kedastral-redis");
    assertThat(password.at("/valueFrom/secretKeyRef/key").asString()).isEqualTo("password");
    assertThat(password.has("value")).isFalse();

    assertThat(Manifests.ofKind(docs, "PodDisruptionBudget"))
        .extracting(Manifests.Doc::name)
        .containsExactlyInAnyOrder("kedastral-forecaster-my-api", "kedastral-scaler");
    for (Manifests.Doc pdb : Manifests.ofKind(docs, "PodDisruptionBudget")) {
      assertThat(pdb.json().at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    }
    for (String name : List.of("kedastral-forecaster-my-api", "kedastral-scaler")) {
      JsonNode spec = deployment(docs, name).json().at("/spec/template/spec");
      JsonNode required =
          spec.at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0");
      assertThat(required.at("/topologyKey").asString()).isEqualTo("kubernetes.io/hostname");
      assertThat(required.at("/labelSelector/matchLabels"))
          .isEqualTo(deployment(docs, name).json().at("/spec/selector/matchLabels"));
      assertThat(spec.at("/topologySpreadConstraints/0/topologyKey").asString())
          .isEqualTo("topology.kubernetes.io/zone");
    }
  }

  @Test
  void singleReplicaMemoryForecastersGetNoPdbAndAreReplacedNotRolled() {
    List<Manifests.Doc> docs = HelmChart.render(ci("memory-values.yaml"));
    assertThat(Manifests.ofKind(docs, "PodDisruptionBudget")).isEmpty();
    assertThat(
            deployment(docs, "kedastral-forecaster-checkout")
                .json()
                .at("/spec/strategy/type")
                .asString())
        .isEqualTo("Recreate");
  }

  // ---- TLS ----

  @Test
  void certManagerTlsServesHttpsAndMovesProbesAndMetricsToTheManagementPort() {
    List<Manifests.Doc> docs = HelmChart.render(ci("tls-values.yaml"));
    Manifests.Doc forecaster = deployment(docs, "kedastral-forecaster-payments");
    JsonNode container = container(forecaster);
    assertThat(env(forecaster))
        .containsEntry("TLS_ENABLED", "true")
        .containsEntry("TLS_CERT_FILE", "/etc/kedastral/tls/tls.crt")
        .containsEntry("TLS_KEY_FILE", "/etc/kedastral/tls/tls.key")
        .containsEntry("TLS_CA_FILE", "/etc/kedastral/tls/ca.crt")
        .containsEntry("MANAGEMENT_PORT", "8091");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.at("/" + probe + "/httpGet/port").asString()).isEqualTo("management");
    }
    assertThat(container.at("/ports"))
        .anySatisfy(
            p -> {
              assertThat(p.at("/name").asString()).isEqualTo("management");
              assertThat(p.at("/containerPort").asInt()).isEqualTo(8091);
            });
    assertThat(volumeSecret(forecaster, "tls")).isEqualTo("kedastral-forecaster-payments-tls");
    assertThat(service(docs, "kedastral-forecaster-payments").json().at("/spec/ports"))
        .anySatisfy(p -> assertThat(p.at("/port").asInt()).isEqualTo(8091));
    Manifests.Doc monitor = named(docs, "ServiceMonitor", "kedastral-forecaster");
    assertThat(monitor.json().at("/spec/endpoints/0/port").asString()).isEqualTo("management");
    assertThat(monitor.json().at("/spec/endpoints/0/scheme").asString()).isEqualTo("http");

    Manifests.Doc scaler = deployment(docs, "kedastral-scaler");
    assertThat(env(scaler))
        .containsEntry(
            "FORECASTER_URL", "https://kedastral-forecaster-{workload}.kedastral.svc:8081")
        .containsEntry("TLS_ENABLED", "true")
        .containsEntry("TLS_CA_FILE", "/etc/kedastral/tls/client/ca.crt")
        .containsEntry("TLS_CERT_FILE", "/etc/kedastral/tls/client/tls.crt")
        .containsEntry("TLS_KEY_FILE", "/etc/kedastral/tls/client/tls.key")
        .containsEntry("GRPC_TLS_CERT_FILE", "/etc/kedastral/tls/grpc/tls.crt")
        .containsEntry("GRPC_TLS_KEY_FILE", "/etc/kedastral/tls/grpc/tls.key")
        .containsEntry("GRPC_TLS_CA_FILE", "/etc/kedastral/tls/grpc/ca.crt");
    assertThat(volumeSecret(scaler, "client-tls")).isEqualTo("kedastral-scaler-client-tls");
    assertThat(volumeSecret(scaler, "grpc-tls")).isEqualTo("kedastral-scaler-grpc-tls");

    // The Certificates (not schema-checked: cert-manager's CRD is not in ../shared/schemas).
    Manifests.Doc server = named(docs, "Certificate", "kedastral-forecaster-payments");
    assertThat(server.apiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(server.json().at("/spec/secretName").asString())
        .isEqualTo("kedastral-forecaster-payments-tls");
    assertThat(server.json().at("/spec/dnsNames"))
        .extracting(JsonNode::asString)
        .containsExactly(
            "kedastral-forecaster-payments.kedastral.svc",
            "kedastral-forecaster-payments.kedastral.svc.cluster.local");
    assertThat(server.json().at("/spec/issuerRef/name").asString()).isEqualTo("kedastral-ca");
    assertThat(named(docs, "Certificate", "kedastral-scaler-client").json().at("/spec/secretName"))
        .hasToString("\"kedastral-scaler-client-tls\"");
    Manifests.Doc grpc = named(docs, "Certificate", "kedastral-scaler-grpc");
    assertThat(grpc.json().at("/spec/dnsNames"))
        .extracting(JsonNode::asString)
        .contains("kedastral-scaler.kedastral.svc.cluster.local");
    assertThat(Manifests.ofKind(docs, "Certificate")).hasSize(3);
  }

  @Test
  void existingSecretTlsMountsTheNamedSecretsAndRendersNoCertificates() {
    List<Manifests.Doc> docs = HelmChart.render(ci("existing-secret-tls-values.yaml"));
    assertThat(Manifests.ofKind(docs, "Certificate")).isEmpty();
    assertThat(volumeSecret(deployment(docs, "kedastral-forecaster-orders"), "tls"))
        .isEqualTo("kedastral-forecasters-tls");
    assertThat(volumeSecret(deployment(docs, "kedastral-forecaster-search"), "tls"))
        .isEqualTo("kedastral-forecaster-search-tls");
    Manifests.Doc scaler = deployment(docs, "kedastral-scaler");
    assertThat(volumeSecret(scaler, "client-tls")).isEqualTo("kedastral-scaler-client-tls");
    assertThat(volumeSecret(scaler, "grpc-tls")).isEqualTo("kedastral-scaler-grpc-tls");
    assertThat(env(scaler))
        .containsEntry("TLS_MIN_VERSION", "1.2")
        .doesNotContainKey("GRPC_TLS_CA_FILE");
    assertThatThrownBy(
            () -> HelmChart.templateWith("tls:\n  enabled: true\n  mode: existingSecret\n", temp))
        .hasMessageContaining("needs tls.existingSecret.forecaster");
  }

  // ---- NetworkPolicies ----

  @Test
  void networkPoliciesAdmitOnlyKedaMonitoringAndTheScaler() {
    List<Manifests.Doc> docs = HelmChart.render(ci("redis-ha-values.yaml"));
    Manifests.Doc deny = named(docs, "NetworkPolicy", "kedastral-default-deny");
    assertThat(deny.json().at("/spec/policyTypes"))
        .extracting(JsonNode::asString)
        .containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(deny.json().at("/spec/ingress").isMissingNode()).isTrue();
    assertThat(deny.json().at("/spec/egress").isMissingNode()).isTrue();
    assertThat(deny.json().at("/spec/podSelector/matchLabels"))
        .hasToString(
            "{\"app.kubernetes.io/instance\":\"kedastral\",\"app.kubernetes.io/part-of\":\"kedastral\"}");

    JsonNode scaler = named(docs, "NetworkPolicy", "kedastral-scaler").json().at("/spec");
    assertThat(rule(scaler.at("/ingress/0")))
        .isEqualTo("ns:kubernetes.io/metadata.name=keda -> TCP/50051");
    assertThat(rule(scaler.at("/ingress/1")))
        .isEqualTo("ns:kubernetes.io/metadata.name=monitoring -> TCP/8082");
    assertThat(scaler.at("/ingress")).hasSize(2);
    assertThat(rule(scaler.at("/egress/0")))
        .isEqualTo(
            "pod:app.kubernetes.io/instance=kedastral,app.kubernetes.io/name=kedastral-forecaster"
                + " -> TCP/8081");
    assertThat(rule(scaler.at("/egress/1")))
        .isEqualTo(
            "ns:kubernetes.io/metadata.name=kube-system pod:k8s-app=kube-dns -> UDP/53 TCP/53");
    assertThat(scaler.at("/egress")).hasSize(2);

    JsonNode forecaster = named(docs, "NetworkPolicy", "kedastral-forecaster").json().at("/spec");
    assertThat(rule(forecaster.at("/ingress/0")))
        .isEqualTo(
            "pod:app.kubernetes.io/instance=kedastral,app.kubernetes.io/name=kedastral-scaler"
                + " -> TCP/8081");
    assertThat(rule(forecaster.at("/ingress/1")))
        .isEqualTo("ns:kubernetes.io/metadata.name=monitoring -> TCP/8081");
    assertThat(forecaster.at("/ingress")).hasSize(2);
    assertThat(rule(forecaster.at("/egress/0")))
        .isEqualTo(
            "ns:kubernetes.io/metadata.name=monitoring pod:app.kubernetes.io/name=prometheus"
                + " -> TCP/9090");
    assertThat(rule(forecaster.at("/egress/1")))
        .isEqualTo("pod:app.kubernetes.io/name=kedastral-redis -> TCP/6379");
    assertThat(rule(forecaster.at("/egress/2")))
        .isEqualTo(
            "ns:kubernetes.io/metadata.name=kube-system pod:k8s-app=kube-dns -> UDP/53 TCP/53");
    assertThat(forecaster.at("/egress")).hasSize(3);

    // The selectors select the pods they are meant for.
    assertThat(scaler.at("/podSelector/matchLabels"))
        .isEqualTo(deployment(docs, "kedastral-scaler").json().at("/spec/selector/matchLabels"));
    JsonNode forecasterLabels =
        deployment(docs, "kedastral-forecaster-my-api").json().at("/spec/template/metadata/labels");
    forecaster
        .at("/podSelector/matchLabels")
        .properties()
        .forEach(e -> assertThat(forecasterLabels.get(e.getKey())).isEqualTo(e.getValue()));
  }

  @Test
  void withTlsMonitoringScrapesTheManagementPortAndNoRedisEgress() {
    List<Manifests.Doc> docs = HelmChart.render(ci("tls-values.yaml"));
    JsonNode forecaster = named(docs, "NetworkPolicy", "kedastral-forecaster").json().at("/spec");
    assertThat(rule(forecaster.at("/ingress/1")))
        .isEqualTo("ns:kubernetes.io/metadata.name=monitoring -> TCP/8091");
    assertThat(forecaster.at("/egress")).hasSize(2);
  }

  @Test
  void theKedaNamespaceIsConfigurable() {
    List<Manifests.Doc> docs =
        Manifests.parse(
            HelmChart.templateWith(
                "networkPolicy:\n  enabled: true\n  kedaNamespace: keda-system\n", temp),
            "keda-system");
    JsonNode scaler = named(docs, "NetworkPolicy", "kedastral-scaler").json().at("/spec");
    assertThat(rule(scaler.at("/ingress/0")))
        .isEqualTo("ns:kubernetes.io/metadata.name=keda-system -> TCP/50051");
  }

  // ---- alerts and dashboard ----

  @Test
  void thePrometheusRuleHasTheFiveAlertsWithSeverityAndRunbook() {
    List<Manifests.Doc> docs = HelmChart.render(ci("redis-ha-values.yaml"));
    Manifests.Doc rule = named(docs, "PrometheusRule", "kedastral");
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    for (JsonNode group : rule.json().at("/spec/groups")) {
      for (JsonNode r : group.path("rules")) {
        alerts.put(r.path("alert").asString(), r);
      }
    }
    assertThat(alerts)
        .containsOnlyKeys(
            "KedastralForecastStale",
            "KedastralForecasterDown",
            "KedastralForecastTickErrors",
            "KedastralScalerFetchErrors",
            "KedastralScalerDown");
    // INTERVAL of my-api is 1m: stale beyond 3 × 60 s.
    assertThat(alerts.get("KedastralForecastStale").path("expr").asString())
        .contains("kedastral_forecast_age_seconds{")
        .endsWith("> 180");
    alerts.forEach(
        (name, r) -> {
          assertThat(r.at("/labels/severity").asString()).as(name).isNotBlank();
          assertThat(r.at("/annotations/summary").asString()).as(name).isNotBlank();
          assertThat(r.at("/annotations/description").asString()).as(name).isNotBlank();
          assertThat(r.at("/annotations/runbook_url").asString())
              .as(name)
              .endsWith("/docs/OBSERVABILITY.md#" + name.toLowerCase());
        });
  }

  @Test
  void theStaleThresholdFollowsEachWorkloadsInterval() {
    List<Manifests.Doc> docs =
        Manifests.parse(
            HelmChart.templateWith(
                """
                prometheusRule: {enabled: true, staleIntervals: 4}
                workloads:
                  - {name: a, metric: m, promQuery: q}
                  - {name: b, metric: m, promQuery: q, interval: 1h30m}
                """,
                temp),
            "stale");
    List<String> stale = new ArrayList<>();
    for (JsonNode r :
        named(docs, "PrometheusRule", "kedastral").json().at("/spec/groups/0/rules")) {
      if (r.path("alert").asString().equals("KedastralForecastStale")) {
        stale.add(r.path("expr").asString());
      }
    }
    assertThat(stale).hasSize(2);
    assertThat(stale.get(0)).contains("job=\"kedastral-forecaster-a\"").endsWith("> 120");
    assertThat(stale.get(1)).contains("job=\"kedastral-forecaster-b\"").endsWith("> 21600");
  }

  @Test
  void theDashboardIsValidJsonInALabelledConfigMap() {
    List<Manifests.Doc> docs = HelmChart.render(ci("redis-ha-values.yaml"));
    Manifests.Doc map = named(docs, "ConfigMap", "kedastral-dashboard");
    assertThat(map.json().at("/metadata/labels/grafana_dashboard").asString()).isEqualTo("1");
    JsonNode dashboard = JSON.readTree(map.json().at("/data/kedastral-dashboard.json").asString());
    List<String> titles = new ArrayList<>();
    dashboard.path("panels").forEach(p -> titles.add(p.path("title").asString()));
    assertThat(titles)
        .contains(
            "Forecast vs actual",
            "Planned vs returned vs HPA replicas",
            "Forecast age",
            "Pipeline timings (p90)",
            "Forecaster errors",
            "gRPC requests",
            "gRPC latency (p99)",
            "Forecast fetches");
    String exprs = dashboard.findValues("expr").toString();
    assertThat(exprs)
        .contains(
            "kedastral_predicted_value",
            "$actual",
            "kedastral_desired_replicas",
            "kedastral_scaler_desired_replicas_returned",
            "kube_horizontalpodautoscaler_status_current_replicas",
            "kedastral_forecast_age_seconds",
            "kedastral_adapter_collect_seconds_bucket",
            "kedastral_model_predict_seconds_bucket",
            "kedastral_capacity_compute_seconds_bucket",
            "kedastral_errors_total",
            "kedastral_scaler_grpc_requests_total",
            "kedastral_scaler_grpc_request_duration_seconds_bucket",
            "kedastral_scaler_forecast_fetch_errors_total");
  }
}
