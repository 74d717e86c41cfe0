package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Accessors and shared assertions over the chart's rendered objects, for the HelmChart tests. */
final class RenderedChart {

  private RenderedChart() {}

  static void assertPodsHardened(List<Manifests.Doc> docs) {
    for (Manifests.Doc d : Manifests.ofKind(docs, "Deployment")) {
      JsonNode pod = d.json().at("/spec/template/spec");
      assertThat(Conventions.hardeningProblems(pod, container(d))).as(d.where()).isEmpty();
      assertThat(pod.at("/serviceAccountName").asString()).as(d.where()).isEqualTo("kedastral");
    }
    assertThat(Manifests.ofKind(docs, "Role")).isEmpty();
    assertThat(Manifests.ofKind(docs, "RoleBinding")).isEmpty();
    assertThat(Manifests.ofKind(docs, "ClusterRoleBinding")).isEmpty();
    for (Manifests.Doc sa : Manifests.ofKind(docs, "ServiceAccount")) {
      assertThat(sa.json().at("/automountServiceAccountToken").asBoolean()).isFalse();
    }
  }

  // ---- small accessors ----

  static Path ci(String name) {
    return HelmChart.ciDir().resolve(name);
  }

  static Manifests.Doc named(List<Manifests.Doc> docs, String kind, String name) {
    return Manifests.ofKind(docs, kind).stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }

  static Manifests.Doc deployment(List<Manifests.Doc> docs, String name) {
    return named(docs, "Deployment", name);
  }

  static Manifests.Doc service(List<Manifests.Doc> docs, String name) {
    return named(docs, "Service", name);
  }

  static JsonNode container(Manifests.Doc deployment) {
    return deployment.json().at("/spec/template/spec/containers/0");
  }

  static JsonNode envVar(JsonNode container, String name) {
    JsonNode entry = Conventions.envEntry(container, name);
    if (entry.isMissingNode()) {
      throw new AssertionError("no " + name);
    }
    return entry;
  }

  /** The literal env values of a Deployment's container ({@code <valueFrom>} otherwise). */
  static Map<String, String> env(Manifests.Doc deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container(deployment).path("env")) {
      env.put(
          e.path("name").asString(), e.has("value") ? e.path("value").asString() : "<valueFrom>");
    }
    return env;
  }

  static String volumeSecret(Manifests.Doc deployment, String volume) {
    for (JsonNode v : deployment.json().at("/spec/template/spec/volumes")) {
      if (v.path("name").asString().equals(volume)) {
        return v.at("/secret/secretName").asString();
      }
    }
    throw new AssertionError("no volume " + volume);
  }

  /** One NetworkPolicy rule as "peer(s) -> ports", for compact assertions. */
  static String rule(JsonNode rule) {
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

  static String labels(JsonNode matchLabels) {
    Map<String, String> sorted = new TreeMap<>();
    matchLabels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString()));
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
