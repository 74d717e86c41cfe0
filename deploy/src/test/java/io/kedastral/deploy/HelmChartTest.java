package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart {@code deploy/helm/kedastral}: {@code helm lint --strict} and {@code helm
 * template} with its defaults and each {@code ci/*-values.yaml}, every rendered object valid
 * ({@link Manifests}) and consistent with the applications ({@link CrossChecks}), and the chart's
 * behaviour: one forecaster per workload with its settings, refused values, TLS, NetworkPolicies,
 * alerts and the dashboard.
 */
class HelmChartTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path temp;

  static Stream<Path> ciValuesFiles() {
    List<Path> files = HelmChart.ciValuesFiles();
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains(
            "memory-values.yaml",
            "redis-ha-values.yaml",
            "tls-values.yaml",
            "existing-secret-tls-values.yaml",
            "three-workloads-values.yaml");
    return files.stream();
  }

  // ---- lint and render ----

  @Test
  void lintsStrictWithTheDefaultValues() {
    assertLintClean(HelmChart.lint(null, temp));
  }

  @ParameterizedTest
  @MethodSource("ciValuesFiles")
  void lintsStrictWithEachCiValuesFile(Path values) {
    assertLintClean(HelmChart.lint(values, temp));
  }

  @Test
  void rendersValidObjectsWithTheDefaultValues() {
    List<Manifests.Doc> docs = HelmChart.render();
    Manifests.assertValid(docs);
    CrossChecks.assertConsistent(docs);
    assertThat(docs)
        .extracting(Manifests.Doc::kind)
        .containsExactlyInAnyOrder(
            "ServiceAccount", "Service", "Service", "Deployment", "Deployment");
    assertThat(docs).allSatisfy(d -> assertThat(d.namespace()).isEqualTo(HelmChart.NAMESPACE));
  }

  @ParameterizedTest
  @MethodSource("ciValuesFiles")
  void rendersValidObjectsWithEachCiValuesFile(Path values) {
    List<Manifests.Doc> docs = HelmChart.render(values);
    // cert-manager's Certificate has no schema in ../shared/schemas: checked below, by hand.
    List<Manifests.Doc> checkable =
        docs.stream().filter(d -> !d.kind().equals("Certificate")).toList();
    Manifests.assertValid(checkable);
    CrossChecks.assertConsistent(checkable);
    assertThat(docs).allSatisfy(d -> assertThat(d.namespace()).isEqualTo(HelmChart.NAMESPACE));
    assertPodsHardened(docs);
    assertAlertsAndDashboardUseExportedMetrics(docs);
  }

  @Test
  void everyTemplateRendersWithEverythingSwitchedOn() throws IOException {
    String rendered =
        HelmChart.template(
            HelmChart.ciDir().resolve("redis-ha-values.yaml"),
            HelmChart.ciDir().resolve("tls-values.yaml"));
    List<String> templates;
    try (var files = Files.list(HelmChart.dir().resolve("templates"))) {
      templates =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .sorted()
              .toList();
    }
    assertThat(templates).hasSizeGreaterThanOrEqualTo(12);
    for (String template : templates) {
      assertThat(rendered).contains("# Source: kedastral/templates/" + template);
    }
    List<Manifests.Doc> docs = Manifests.parse(rendered, "redis-ha + tls");
    Manifests.assertValid(docs.stream().filter(d -> !d.kind().equals("Certificate")).toList());
  }

  // ---- workloads ----

  @Test
  void rendersOneForecasterPerWorkloadWithItsSettings() {
    List<Manifests.Doc> docs = HelmChart.render(ci("three-workloads-values.yaml"));
    List<Manifests.Doc> forecasters =
        Manifests.ofKind(docs, "Deployment").stream()
            .filter(d -> d.name().startsWith("kedastral-forecaster-"))
            .toList();
    assertThat(forecasters)
        .extracting(Manifests.Doc::name)
        .containsExactly(
            "kedastral-forecaster-frontend",
            "kedastral-forecaster-backend",
            "kedastral-forecaster-batch");
    assertThat(Manifests.ofKind(docs, "Service"))
        .extracting(Manifests.Doc::name)
        .contains(
            "kedastral-forecaster-frontend",
            "kedastral-forecaster-backend",
            "kedastral-forecaster-batch",
            "kedastral-scaler");

    Map<String, String> frontend = env(forecasters.get(0));
    assertThat(frontend)
        .containsEntry("WORKLOAD", "frontend")
        .containsEntry("MODEL", "baseline")
        .containsEntry("TARGET_PER_POD", "100")
        .containsEntry("MIN_REPLICAS", "2")
        .containsEntry("MAX_REPLICAS", "60")
        .containsEntry("HEADROOM", "1.3")
        .containsEntry("PROM_URL", "http://vmselect.monitoring.svc:8481/select/0/prometheus")
        .containsEntry("STORAGE", "memory")
        .doesNotContainKeys("STEP", "SARIMA_S", "ARIMA_P", "REDIS_ADDR", "TLS_ENABLED");

    assertThat(env(forecasters.get(1)))
        .containsEntry("WORKLOAD", "backend")
        .containsEntry("MODEL", "sarima")
        .containsEntry("STEP", "5m")
        .containsEntry("HORIZON", "2h")
        .containsEntry("WINDOW", "14d")
        .containsEntry("INTERVAL", "1m")
        .containsEntry("SARIMA_S", "288")
        .containsEntry("SARIMA_P", "1")
        .containsEntry("SARIMA_D", "0")
        .containsEntry("SARIMA_Q", "1")
        .containsEntry("SARIMA_SP", "0")
        .containsEntry("SARIMA_SD", "1")
        .containsEntry("SARIMA_SQ", "1")
        .containsEntry("UP_MAX_FACTOR", "3")
        .containsEntry("DOWN_MAX_PERCENT", "25")
        .containsEntry("PREWARM_WINDOW", "10m")
        .containsEntry("LEAD_TIME", "10m");

    assertThat(env(forecasters.get(2)))
        .containsEntry("WORKLOAD", "batch")
        .containsEntry("METRIC", "queue_depth")
        .containsEntry("PROM_QUERY", "sum(rabbitmq_queue_messages_ready{queue=\"batch\"})")
        .containsEntry("PROM_URL", "http://prometheus-operated.monitoring.svc:9090")
        .containsEntry("MODEL", "arima")
        .containsEntry("ARIMA_P", "2")
        .containsEntry("ARIMA_D", "1")
        .containsEntry("ARIMA_Q", "0")
        .containsEntry("QUANTILE_LEVEL", "p90")
        .containsEntry("MIN_REPLICAS", "0")
        .containsEntry("REACTIVE_FLOOR", "false")
        .containsEntry("PROM_TIMEOUT", "45s")
        .containsEntry("API_RATE_LIMIT_PER_CLIENT", "200");

    for (Manifests.Doc forecaster : forecasters) {
      String workload = env(forecaster).get("WORKLOAD");
      assertThat(forecaster.json().at("/spec/template/metadata/labels/kedastral.io~1workload"))
          .hasToString('"' + workload + '"');
      assertThat(forecaster.json().at("/spec/replicas").asInt()).isEqualTo(1);
    }
    Map<String, String> scaler = env(deployment(docs, "kedastral-scaler"));
    assertThat(scaler)
        .containsEntry(
            "FORECASTER_URL", "http://kedastral-forecaster-{workload}.kedastral.svc:8081")
        .containsEntry("LEAD_TIME", "10m")
        .containsEntry("STALE_AFTER", "15m")
        .containsEntry("CACHE_TTL", "10s");
  }

  @Test
  void theResourcesAreTheBriefsAndAWorkloadMayOverrideThem() {
    List<Manifests.Doc> defaults = HelmChart.render();
    assertThat(container(deployment(defaults, "kedastral-forecaster-my-api")).get("resources"))
        .hasToString(
            "{\"limits\":{\"cpu\":\"500m\",\"memory\":\"512Mi\"},"
                + "\"requests\":{\"cpu\":\"100m\",\"memory\":\"256Mi\"}}");
    assertThat(container(deployment(defaults, "kedastral-scaler")).get("resources"))
        .hasToString(
            "{\"limits\":{\"cpu\":\"200m\",\"memory\":\"256Mi\"},"
                + "\"requests\":{\"cpu\":\"50m\",\"memory\":\"64Mi\"}}");
    List<Manifests.Doc> ha = HelmChart.render(ci("redis-ha-values.yaml"));
    assertThat(container(deployment(ha, "kedastral-forecaster-my-api")).at("/resources/limits"))
        .hasToString("{\"cpu\":\"1\",\"memory\":\"768Mi\"}");
  }

  // ---- refused values ----

  @Test
  void memoryStorageWithTwoForecasterReplicasFailsWithAMessage() {
    assertThatThrownBy(() -> HelmChart.templateWith("forecaster:\n  replicas: 2\n", temp))
        .hasMessageContaining("workloads[my-api]: 2 forecaster replicas need storage=redis");
    assertThatThrownBy(
            () ->
                HelmChart.templateWith(
                    """
                    workloads:
                      - {name: a, metric: m, promQuery: q, replicas: 3}
                    """,
                    temp))
        .hasMessageContaining("workloads[a]: 3 forecaster replicas need storage=redis");
  }

  @Test
  void redisStorageWithoutAnAddressFailsWithAMessage() {
    assertThatThrownBy(() -> HelmChart.templateWith("storage: redis\n", temp))
        .hasMessageContaining("storage=redis needs redis.addr");
  }

  @Test
  void theSchemaRejectsAWorkloadNameThatIsNotADns1035Label() {
    for (String name : List.of("My_API", "9lives", "api-", "a.b")) {
      assertThatThrownBy(
              () ->
                  HelmChart.templateWith(
                      "workloads:\n  - {name: \"" + name + "\", metric: m, promQuery: q}\n", temp))
          .as(name)
          .hasMessageContaining("values don't meet the specifications of the schema")
          .hasMessageContaining("/workloads/0/name");
    }
  }

  @Test
  void theSchemaRejectsUnknownKeysAndValuesOutOfRange() {
    assertThatThrownBy(
            () ->
                HelmChart.templateWith(
                    "workloads:\n  - {name: a, metric: m, promQuery: q, modle: arima}\n", temp))
        .hasMessageContaining("modle");
    assertThatThrownBy(
            () ->
                HelmChart.templateWith(
                    "workloads:\n  - {name: a, metric: m, promQuery: q, model: prophet}\n", temp))
        .hasMessageContaining("/workloads/0/model");
    assertThatThrownBy(
            () ->
                HelmChart.templateWith(
                    "workloads:\n  - {name: a, metric: m, promQuery: q, targetPerPod: 0}\n", temp))
        .hasMessageContaining("/workloads/0/targetPerPod");
    assertThatThrownBy(() -> HelmChart.templateWith("storage: etcd\n", temp))
        .hasMessageContaining("/storage");
    assertThatThrownBy(() -> HelmChart.templateWith("tls:\n  mode: vault\n", temp))
        .hasMessageContaining("/tls/mode");
    assertThatThrownBy(
            () ->
                HelmChart.templateWith(
                    "workloads:\n  - {name: a, metric: m, promQuery: q, interval: 30 seconds}\n",
                    temp))
        .hasMessageContaining("/workloads/0/interval");
  }

  @Test
  void anEnvEntryForAVariableTheChartSetsIsRefused() {
    assertThatThrownBy(
            () ->
                HelmChart.templateWith(
                    "workloads:\n  - {name: a, metric: m, promQuery: q, env: {STEP: 5m}}\n", temp))
        .hasMessageContaining("workloads[a]: STEP is set by the chart from a workload's step");
    assertThatThrownBy(() -> HelmChart.templateWith("forecaster:\n  env: {STORAGE: redis}\n", temp))
        .hasMessageContaining("STORAGE is set by the chart from storage");
    assertThatThrownBy(
            () -> HelmChart.templateWith("scaler:\n  env: {FORECASTER_URL: http://x}\n", temp))
        .hasMessageContaining("scaler.env: FORECASTER_URL is set by the chart");
  }

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

  // ---- NOTES.txt ----

  @ParameterizedTest
  @MethodSource("ciValuesFiles")
  void theNotesShowAValidScaledObjectPerWorkload(Path values) {
    String notes = HelmChart.notes(values);
    List<Manifests.Doc> scaledObjects = new ArrayList<>();
    for (String paragraph : notes.split("\n\\s*\n")) {
      if (paragraph.startsWith("  apiVersion: keda.sh/v1alpha1")) {
        String yaml = paragraph.replaceAll("(?m)^  ", "");
        scaledObjects.addAll(Manifests.parse(yaml, "NOTES.txt with " + values.getFileName()));
      }
    }
    List<Manifests.Doc> forecasters =
        Manifests.ofKind(HelmChart.render(values), "Deployment").stream()
            .filter(d -> d.name().startsWith("kedastral-forecaster-"))
            .toList();
    assertThat(scaledObjects).hasSameSizeAs(forecasters).isNotEmpty();
    Manifests.assertValid(scaledObjects);
    CrossChecks.assertConsistent(scaledObjects);
    for (int i = 0; i < forecasters.size(); i++) {
      JsonNode trigger = scaledObjects.get(i).json().at("/spec/triggers/0/metadata");
      assertThat(trigger.path("workload").asString())
          .isEqualTo(env(forecasters.get(i)).get("WORKLOAD"));
      assertThat(trigger.path("scalerAddress").asString())
          .isEqualTo("kedastral-scaler.kedastral.svc.cluster.local:50051");
    }
  }

  @Test
  void theNotesWarnAboutMemoryStorageAndAnUnprotectedNetwork() {
    String notes = HelmChart.notes(ci("memory-values.yaml"));
    assertThat(notes)
        .contains("storage=memory keeps each forecast in its forecaster's memory")
        .contains("WARNING: neither TLS nor NetworkPolicies are on");
    assertThat(HelmChart.notes(ci("tls-values.yaml")))
        .contains("enableTLS: \"true\"")
        .contains("--resolve kedastral-forecaster-payments.kedastral.svc:8081:127.0.0.1")
        .doesNotContain("WARNING");
  }

  // ---- documentation ----

  @Test
  void theReadmeDocumentsEveryValue() throws IOException {
    Map<String, Object> values =
        new org.yaml.snakeyaml.Yaml()
            .load(Files.readString(HelmChart.dir().resolve("values.yaml")));
    String readme = Files.readString(HelmChart.dir().resolve("README.md"));
    List<String> missing = new ArrayList<>();
    for (String path : leafPaths(values, "")) {
      boolean documented = false;
      for (String prefix = path; !prefix.isEmpty(); ) {
        if (readme.contains("`" + prefix + "`") || readme.contains("`" + prefix + ":`")) {
          documented = true;
          break;
        }
        int dot = prefix.lastIndexOf('.');
        prefix = dot < 0 ? "" : prefix.substring(0, dot);
      }
      if (!documented) {
        missing.add(path);
      }
    }
    assertThat(missing).as("values not in README.md").isEmpty();
    assertThat(readme)
        .contains(
            "helm install kedastral deploy/helm/kedastral -n kedastral --create-namespace -f"
                + " values.yaml");
  }

  @SuppressWarnings("unchecked")
  private static List<String> leafPaths(Map<String, Object> map, String prefix) {
    List<String> paths = new ArrayList<>();
    map.forEach(
        (key, value) -> {
          String path = prefix + key;
          if (value instanceof Map<?, ?> child && !child.isEmpty()) {
            paths.addAll(leafPaths((Map<String, Object>) child, path + "."));
          } else {
            paths.add(path);
          }
        });
    return paths;
  }

  // ---- shared checks ----

  private static void assertLintClean(LintResult result) {
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  private static void assertPodsHardened(List<Manifests.Doc> docs) {
    for (Manifests.Doc d : Manifests.ofKind(docs, "Deployment")) {
      JsonNode pod = d.json().at("/spec/template/spec");
      assertThat(pod.at("/automountServiceAccountToken").asBoolean()).as(d.where()).isFalse();
      assertThat(pod.at("/serviceAccountName").asString()).as(d.where()).isEqualTo("kedastral");
      assertThat(pod.at("/securityContext"))
          .as(d.where())
          .hasToString(
              "{\"runAsNonRoot\":true,\"runAsUser\":65532,\"runAsGroup\":65532,"
                  + "\"fsGroup\":65532,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}");
      JsonNode c = container(d);
      assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(c.at("/securityContext/capabilities/drop/0").asString()).isEqualTo("ALL");
      assertThat(c.at("/volumeMounts"))
          .anySatisfy(m -> assertThat(m.at("/mountPath").asString()).isEqualTo("/tmp"));
      assertThat(pod.at("/volumes"))
          .anySatisfy(v -> assertThat(v.at("/emptyDir/sizeLimit").asString()).isEqualTo("64Mi"));
    }
    assertThat(Manifests.ofKind(docs, "Role")).isEmpty();
    assertThat(Manifests.ofKind(docs, "RoleBinding")).isEmpty();
    assertThat(Manifests.ofKind(docs, "ClusterRoleBinding")).isEmpty();
    for (Manifests.Doc sa : Manifests.ofKind(docs, "ServiceAccount")) {
      assertThat(sa.json().at("/automountServiceAccountToken").asBoolean()).isFalse();
    }
  }

  /** Every kedastral_ metric an alert or the dashboard names is one the applications export. */
  private static void assertAlertsAndDashboardUseExportedMetrics(List<Manifests.Doc> docs) {
    Set<String> used = new TreeSet<>(CrossChecks.ruleMetrics(docs));
    for (Manifests.Doc map : Manifests.ofKind(docs, "ConfigMap")) {
      map.json().path("data").forEach(v -> used.addAll(CrossChecks.metricNames(v.asString())));
    }
    assertThat(exportedMetrics()).containsAll(used);
  }

  private static final Pattern METER =
      Pattern.compile("static final String [A-Z_]+ = \"(kedastral\\.[a-z.]+)\";");

  /**
   * The Prometheus names of the meters of ForecasterMetrics and ScalerMetrics: each dot name with
   * the suffixes the Prometheus registry adds (counters {@code _total}, timers {@code _seconds} and
   * their {@code _bucket}, {@code _count}, {@code _sum}, {@code _max} series).
   */
  static Set<String> exportedMetrics() {
    Set<String> names = new TreeSet<>();
    for (String source :
        List.of(
            "forecaster/src/main/java/io/kedastral/forecaster/metrics/ForecasterMetrics.java",
            "scaler/src/main/java/io/kedastral/scaler/metrics/ScalerMetrics.java")) {
      String text;
      try {
        text = Files.readString(CrossChecks.root().resolve(source));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Matcher m = METER.matcher(text);
      while (m.find()) {
        String base = m.group(1).replace('.', '_');
        names.add(base);
        names.add(base + "_total");
        for (String suffix : List.of("", "_bucket", "_count", "_sum", "_max")) {
          names.add(base + "_seconds" + suffix);
        }
      }
    }
    assertThat(names).contains("kedastral_forecast_age_seconds", "kedastral_errors_total");
    return names;
  }

  // ---- small accessors ----

  private static Path ci(String name) {
    return HelmChart.ciDir().resolve(name);
  }

  private static Manifests.Doc named(List<Manifests.Doc> docs, String kind, String name) {
    return Manifests.ofKind(docs, kind).stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }

  private static Manifests.Doc deployment(List<Manifests.Doc> docs, String name) {
    return named(docs, "Deployment", name);
  }

  private static Manifests.Doc service(List<Manifests.Doc> docs, String name) {
    return named(docs, "Service", name);
  }

  private static JsonNode container(Manifests.Doc deployment) {
    return deployment.json().at("/spec/template/spec/containers/0");
  }

  private static JsonNode envVar(JsonNode container, String name) {
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asString().equals(name)) {
        return env;
      }
    }
    throw new AssertionError("no " + name);
  }

  /** The literal env values of a Deployment's container ({@code <valueFrom>} otherwise). */
  private static Map<String, String> env(Manifests.Doc deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container(deployment).path("env")) {
      env.put(
          e.path("name").asString(), e.has("value") ? e.path("value").asString() : "<valueFrom>");
    }
    return env;
  }

  private static String volumeSecret(Manifests.Doc deployment, String volume) {
    for (JsonNode v : deployment.json().at("/spec/template/spec/volumes")) {
      if (v.path("name").asString().equals(volume)) {
        return v.at("/secret/secretName").asString();
      }
    }
    throw new AssertionError("no volume " + volume);
  }

  /** One NetworkPolicy rule as "peer(s) -> ports", for compact assertions. */
  private static String rule(JsonNode rule) {
    List<String> peers = new ArrayList<>();
    JsonNode from = rule.has("from") ? rule.get("from") : rule.path("to");
    for (JsonNode peer : from) {
      List<String> parts = new ArrayList<>();
      if (peer.has("namespaceSelector")) {
        parts.add("ns:" + labels(peer.at("/namespaceSelector/matchLabels")));
      }
      if (peer.has("podSelector")) {
        parts.add("pod:" + labels(peer.at("/podSelector/matchLabels")));
      }
      peers.add(String.join(" ", parts));
    }
    List<String> ports = new ArrayList<>();
    for (JsonNode port : rule.path("ports")) {
      ports.add(port.path("protocol").asString() + "/" + port.path("port").asInt());
    }
    return String.join(" | ", peers) + " -> " + String.join(" ", ports);
  }

  private static String labels(JsonNode matchLabels) {
    Map<String, String> sorted = new java.util.TreeMap<>();
    matchLabels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString()));
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
