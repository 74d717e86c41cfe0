package io.kedastral.deploy;

import static io.kedastral.deploy.RenderedChart.assertPodsHardened;
import static io.kedastral.deploy.RenderedChart.ci;
import static io.kedastral.deploy.RenderedChart.container;
import static io.kedastral.deploy.RenderedChart.deployment;
import static io.kedastral.deploy.RenderedChart.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The Helm chart {@code deploy/helm/kedastral}: {@code helm lint --strict} and {@code helm
 * template} with its defaults and each {@code ci/*-values.yaml}, every rendered object valid
 * ({@link Manifests}) and consistent with the applications ({@link CrossChecks}), one forecaster
 * per workload with its settings, the values the chart refuses, the NOTES and the README. The
 * optional parts (Redis/HA, TLS, NetworkPolicies, alerts, dashboard) are in {@link
 * HelmChartFeaturesTest}.
 */
class HelmChartTest {

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
                + "\"requests\":{\"cpu\":\"50m\",\"memory\":\"160Mi\"}}");
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
}
