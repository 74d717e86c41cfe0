package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Each Kustomize overlay under {@code deploy/kustomize/overlays} renders with {@code kubectl
 * kustomize} (no cluster needed), is valid, follows the conventions and gives what it promises:
 * development = memory, one replica, debug logs; production = Redis, 2+ replicas, disruption
 * budgets, NetworkPolicies, anti-affinity. Without kubectl these tests fail saying how to install
 * it; they are skipped only with {@code -Dkustomize.skip=true}.
 */
class KustomizeTest {

  private static final Path KUSTOMIZE = CrossChecks.root().resolve("deploy/kustomize");
  private static final Map<String, List<Manifests.Doc>> RENDERED = new HashMap<>();

  private static List<Manifests.Doc> render(String dir) {
    return RENDERED.computeIfAbsent(
        dir, d -> Manifests.parse(Commands.kustomize(KUSTOMIZE.resolve(d)), "kustomize " + d));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"base", "overlays/development", "overlays/staging", "overlays/production"})
  void rendersValidObjectsThatFollowTheConventions(String dir) {
    List<Manifests.Doc> docs = render(dir);
    Manifests.assertValid(docs);
    CrossChecks.assertConsistent(docs);
    Conventions.assertFollowed(docs);
    assertThat(Conventions.deployments(docs, "forecaster")).isNotEmpty();
    assertThat(Conventions.deployments(docs, "scaler")).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/development", "overlays/staging", "overlays/production"})
  void everyObjectIsInTheNamespaceKedastral(String dir) {
    for (Manifests.Doc doc : render(dir)) {
      if (doc.kind().equals("Namespace")) {
        assertThat(doc.name()).isEqualTo(Conventions.NAMESPACE);
      } else {
        assertThat(doc.namespace()).as(doc.where()).isEqualTo(Conventions.NAMESPACE);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/development", "overlays/staging", "overlays/production"})
  void imagesAreTheReleasedOnesAtTheBaseTag(String dir) {
    for (Manifests.Doc deployment : Manifests.ofKind(render(dir), "Deployment")) {
      String component = Conventions.component(deployment);
      assertThat(Conventions.container(deployment, component).path("image").asString(""))
          .isEqualTo("ghcr.io/kedastral/" + component + ":0.1.0");
    }
  }

  @Test
  void developmentIsOneReplicaOnMemoryWithDebugLogs() {
    List<Manifests.Doc> docs = render("overlays/development");
    for (Manifests.Doc deployment : Manifests.ofKind(docs, "Deployment")) {
      assertThat(Conventions.replicas(deployment)).as(deployment.where()).isEqualTo(1);
      JsonNode container = Conventions.container(deployment, Conventions.component(deployment));
      assertThat(Conventions.env(container, "LOG_LEVEL")).as(deployment.where()).isEqualTo("debug");
    }
    for (Manifests.Doc forecaster : Conventions.deployments(docs, "forecaster")) {
      JsonNode container = Conventions.container(forecaster, "forecaster");
      assertThat(Conventions.env(container, "STORAGE")).isIn("memory", null);
      assertThat(Conventions.env(container, "REDIS_ADDR")).isNull();
    }
    // With one replica a budget of minAvailable 1 would block every node drain.
    assertThat(Manifests.ofKind(docs, "PodDisruptionBudget")).isEmpty();
  }

  @Test
  void stagingRunsProductionsTopologyWithInfoLogs() {
    List<Manifests.Doc> docs = render("overlays/staging");
    assertHighlyAvailable(docs);
    for (Manifests.Doc deployment : Manifests.ofKind(docs, "Deployment")) {
      JsonNode container = Conventions.container(deployment, Conventions.component(deployment));
      assertThat(Conventions.env(container, "LOG_LEVEL")).isEqualTo("info");
    }
  }

  @Test
  void productionIsRedisBackedReplicatedBudgetedFencedAndSpread() {
    List<Manifests.Doc> docs = render("overlays/production");
    assertHighlyAvailable(docs);
    for (Manifests.Doc deployment : Manifests.ofKind(docs, "Deployment")) {
      String component = Conventions.component(deployment);
      JsonNode pod = Conventions.podSpec(deployment);
      JsonNode required =
          pod.path("affinity")
              .path("podAntiAffinity")
              .path("requiredDuringSchedulingIgnoredDuringExecution");
      assertThat(required).as(deployment.where() + " required anti-affinity").isNotEmpty();
      for (JsonNode term : required) {
        assertThat(term.path("topologyKey").asString("")).isEqualTo("kubernetes.io/hostname");
        assertThat(Conventions.selects(term.path("labelSelector"), deployment))
            .as(deployment.where() + ": the anti-affinity term selects its own pods")
            .isTrue();
        if (component.equals("forecaster")) {
          // Per workload: forecasters of different workloads may share a node.
          assertThat(term.path("matchLabelKeys").toString()).contains("kedastral.io/workload");
        }
      }
      assertThat(pod.path("topologySpreadConstraints")).as(deployment.where()).isNotEmpty();
      JsonNode container = Conventions.container(deployment, component);
      assertThat(Conventions.env(container, "LOG_FORMAT")).isEqualTo("json");
    }
  }

  @Test
  void productionNetworkPoliciesLetThroughOnlyWhatTheDeploymentGuideLists() {
    List<Manifests.Doc> docs = render("overlays/production");
    Manifests.Doc forecaster = Conventions.deployments(docs, "forecaster").getFirst();
    Manifests.Doc scaler = Conventions.deployments(docs, "scaler").getFirst();
    JsonNode forecasterPolicy = policyFor(docs, forecaster);
    JsonNode scalerPolicy = policyFor(docs, scaler);

    String dns = "ns:kubernetes.io/metadata.name=kube-system pod:k8s-app=kube-dns -> UDP/53 TCP/53";
    String pods = "pod:app.kubernetes.io/instance=kedastral,app.kubernetes.io/name=";
    assertThat(rules(scalerPolicy, "ingress"))
        .containsExactlyInAnyOrder(
            "ns:kubernetes.io/metadata.name=keda -> TCP/50051",
            "ns:kubernetes.io/metadata.name=monitoring -> TCP/8082");
    assertThat(rules(scalerPolicy, "egress"))
        .containsExactlyInAnyOrder(pods + "kedastral-forecaster -> TCP/8081", dns);
    assertThat(rules(forecasterPolicy, "ingress"))
        .containsExactlyInAnyOrder(
            pods + "kedastral-scaler -> TCP/8081",
            "ns:kubernetes.io/metadata.name=monitoring -> TCP/8081 TCP/8091");
    assertThat(rules(forecasterPolicy, "egress"))
        .containsExactlyInAnyOrder(
            "ns:kubernetes.io/metadata.name=monitoring -> TCP/9090",
            "pod:app.kubernetes.io/name=kedastral-redis -> TCP/6379",
            dns);
    // The scaler's egress rule admits the pods the scaler actually calls, and vice versa.
    assertThat(
            Conventions.selects(
                scalerPolicy.path("egress").path(0).path("to").path(0).path("podSelector"),
                forecaster))
        .isTrue();
    assertThat(
            Conventions.selects(
                forecasterPolicy.path("ingress").path(0).path("from").path(0).path("podSelector"),
                scaler))
        .isTrue();
  }

  /**
   * deploy/kustomize/README.md's recipe for a second workload, followed on a copy: copy the
   * workload directory, replace the name, list it in the base. The production overlay then gives
   * both forecasters the Redis, HA and NetworkPolicy treatment with no other change.
   */
  @Test
  void aWorkloadAddedAsTheReadmeSaysGetsEverythingTheFirstHas(@TempDir Path tmp)
      throws IOException {
    Path copy = tmp.resolve("kustomize");
    DeployFiles.copyTree(KUSTOMIZE, copy);
    Path from = copy.resolve("base/workloads/my-api");
    Path to = copy.resolve("base/workloads/checkout");
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.writeString(
            to.resolve(file.getFileName()), Files.readString(file).replace("my-api", "checkout"));
      }
    }
    Path base = copy.resolve("base/kustomization.yaml");
    Files.writeString(
        base,
        Files.readString(base)
            .replace("  - workloads/my-api\n", "  - workloads/my-api\n  - workloads/checkout\n"));

    List<Manifests.Doc> docs =
        Manifests.parse(Commands.kustomize(copy.resolve("overlays/production")), "copy");
    Manifests.assertValid(docs);
    CrossChecks.assertConsistent(docs);
    Conventions.assertFollowed(docs);
    assertThat(Conventions.deployments(docs, "forecaster"))
        .extracting(Manifests.Doc::name)
        .containsExactlyInAnyOrder("kedastral-forecaster-my-api", "kedastral-forecaster-checkout");
    assertThat(Manifests.ofKind(docs, "Service"))
        .extracting(Manifests.Doc::name)
        .contains("kedastral-forecaster-checkout");
    assertHighlyAvailable(docs);
  }

  /** Redis storage with the password from the Secret, 2+ replicas, budgets and policies for all. */
  private static void assertHighlyAvailable(List<Manifests.Doc> docs) {
    for (Manifests.Doc deployment : Manifests.ofKind(docs, "Deployment")) {
      assertThat(Conventions.replicas(deployment)).as(deployment.where()).isGreaterThanOrEqualTo(2);
      assertThat(Manifests.ofKind(docs, "PodDisruptionBudget"))
          .as("a PodDisruptionBudget covers " + deployment.where())
          .anyMatch(
              pdb -> {
                JsonNode spec = pdb.json().path("spec");
                return Conventions.selects(spec.path("selector"), deployment)
                    && (spec.path("minAvailable").asInt(0) >= 1
                        || spec.path("maxUnavailable").asInt(0) == 1);
              });
      policyFor(docs, deployment);
    }
    for (Manifests.Doc forecaster : Conventions.deployments(docs, "forecaster")) {
      JsonNode container = Conventions.container(forecaster, "forecaster");
      assertThat(Conventions.env(container, "STORAGE")).isEqualTo("redis");
      assertThat(Conventions.env(container, "REDIS_ADDR")).isNotBlank();
      JsonNode secretRef =
          Conventions.envEntry(container, "REDIS_PASSWORD").path("valueFrom").path("secretKeyRef");
      assertThat(secretRef.path("name").asString("")).isEqualTo("kedastral-redis");
      assertThat(secretRef.path("key").asString("")).isEqualTo("password");
    }
    assertThat(Manifests.ofKind(docs, "Secret"))
        .as("the Redis password never lands in Git")
        .isEmpty();
  }

  /** The one NetworkPolicy isolating the Deployment's pods in both directions. */
  private static JsonNode policyFor(List<Manifests.Doc> docs, Manifests.Doc deployment) {
    List<JsonNode> policies = new ArrayList<>();
    for (Manifests.Doc policy : Manifests.ofKind(docs, "NetworkPolicy")) {
      if (Conventions.selects(policy.json().path("spec").path("podSelector"), deployment)) {
        policies.add(policy.json().path("spec"));
      }
    }
    assertThat(policies).as("NetworkPolicies of " + deployment.where()).hasSize(1);
    assertThat(policies.getFirst().path("policyTypes").toString())
        .contains("\"Ingress\"")
        .contains("\"Egress\"");
    return policies.getFirst();
  }

  /** A policy's ingress or egress rules, each as {@link RenderedChart#rule} writes it. */
  private static Set<String> rules(JsonNode policy, String direction) {
    Set<String> rules = new TreeSet<>();
    policy.path(direction).forEach(rule -> rules.add(RenderedChart.rule(rule)));
    return rules;
  }
}
