package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The plain manifests of {@code examples/}: each file and each set the docs apply together is
 * valid, follows the conventions, and does what its comment says (memory and one replica, Redis HA,
 * a ScaledObject that reaches the scaler, one scaler for several workloads).
 */
class ExamplesTest {

  private static final Path EXAMPLES = CrossChecks.root().resolve("examples");

  static Stream<Path> exampleFiles() {
    return Manifests.yamlFiles(EXAMPLES).stream();
  }

  private static List<Manifests.Doc> parse(String... files) {
    List<Manifests.Doc> docs = new ArrayList<>();
    for (String file : files) {
      docs.addAll(Manifests.parse(EXAMPLES.resolve(file)));
    }
    return docs;
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyExampleIsValidAndFollowsTheConventions(Path file) {
    List<Manifests.Doc> docs = Manifests.parse(file);
    Manifests.assertValid(docs);
    CrossChecks.assertConsistent(docs);
    Conventions.assertFollowed(docs);
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyExampleStartsWithACommentSayingWhatItIsAndHowToApplyIt(Path file) throws IOException {
    String text = Files.readString(file);
    assertThat(text).as(file + " starts with a comment").startsWith("# ");
    String header = text.substring(0, text.indexOf("\napiVersion:"));
    assertThat(header).as(file + "'s opening comment").contains("kubectl apply -f examples/");
  }

  @Test
  void theSetsTheDocsApplyTogetherAreConsistent() {
    for (String[] set :
        List.of(
            new String[] {"deployment.yaml", "scaled-object.yaml"},
            new String[] {"redis.yaml", "deployment-redis.yaml", "scaled-object.yaml"})) {
      List<Manifests.Doc> docs = parse(set);
      CrossChecks.assertConsistent(docs);
      assertThat(Manifests.ofKind(docs, "Namespace"))
          .as("the first file of %s creates the namespace kedastral", List.of(set))
          .isNotEmpty();
    }
  }

  @Test
  void singleInstanceForecasterKeepsItsSnapshotInMemoryWithOneReplica() {
    List<Manifests.Doc> docs = parse("deployment.yaml");
    List<Manifests.Doc> forecasters = Conventions.deployments(docs, "forecaster");
    assertThat(forecasters).hasSize(1);
    Manifests.Doc forecaster = forecasters.getFirst();
    JsonNode container = Conventions.container(forecaster, "forecaster");
    assertThat(Conventions.env(container, "STORAGE")).isIn("memory", null);
    assertThat(Conventions.replicas(forecaster)).isEqualTo(1);
    assertThat(Conventions.env(container, "WORKLOAD")).isEqualTo("my-api");
    assertThat(Conventions.deployments(docs, "scaler")).hasSize(1);
    assertThat(Manifests.ofKind(docs, "Service"))
        .extracting(Manifests.Doc::name)
        .containsExactlyInAnyOrder("kedastral-forecaster-my-api", "kedastral-scaler");
  }

  @Test
  void haExampleRunsTwoOrMoreOfEachAndReadsTheRedisPasswordFromTheSecret() {
    List<Manifests.Doc> docs = parse("redis.yaml", "deployment-redis.yaml");
    for (String component : List.of("forecaster", "scaler")) {
      List<Manifests.Doc> deployments = Conventions.deployments(docs, component);
      assertThat(deployments).as(component).isNotEmpty();
      for (Manifests.Doc deployment : deployments) {
        assertThat(Conventions.replicas(deployment))
            .as(deployment.where())
            .isGreaterThanOrEqualTo(2);
        assertThat(Manifests.ofKind(docs, "PodDisruptionBudget"))
            .as("a PodDisruptionBudget covers " + deployment.where())
            .anyMatch(
                pdb -> Conventions.selects(pdb.json().path("spec").path("selector"), deployment));
      }
    }
    JsonNode forecaster =
        Conventions.container(Conventions.deployments(docs, "forecaster").getFirst(), "forecaster");
    assertThat(Conventions.env(forecaster, "STORAGE")).isEqualTo("redis");
    assertThat(Conventions.env(forecaster, "REDIS_ADDR"))
        .isEqualTo("kedastral-redis.kedastral.svc:6379");
    JsonNode secretRef =
        Conventions.envEntry(forecaster, "REDIS_PASSWORD").path("valueFrom").path("secretKeyRef");
    assertThat(secretRef.path("name").asString("")).isEqualTo("kedastral-redis");
    assertThat(secretRef.path("key").asString("")).isEqualTo("password");
    Manifests.Doc secret = Manifests.ofKind(docs, "Secret").getFirst();
    assertThat(secret.name()).isEqualTo("kedastral-redis");
    assertThat(secret.json().path("stringData").has("password")).isTrue();
    // REDIS_ADDR names the Service of redis.yaml.
    assertThat(Manifests.ofKind(docs, "Service"))
        .anyMatch(s -> s.name().equals("kedastral-redis") && s.namespace().equals("kedastral"));
  }

  @Test
  void scaledObjectReachesTheScalerServiceOfDeploymentYaml() {
    for (String deployment : List.of("deployment.yaml", "deployment-redis.yaml")) {
      List<Manifests.Doc> docs = parse(deployment);
      for (String file : List.of("scaled-object.yaml", "scaled-object-tls.yaml")) {
        for (Manifests.Doc so : Manifests.ofKind(parse(file), "ScaledObject")) {
          assertThat(so.json().path("spec").path("fallback").path("replicas").asInt(0))
              .as(file + " has a KEDA fallback")
              .isPositive();
          JsonNode trigger = so.json().path("spec").path("triggers").path(0).path("metadata");
          assertThat(trigger.path("workload").asString("")).isEqualTo("my-api");
          assertScalerAddressResolves(trigger.path("scalerAddress").asString(""), docs, file);
        }
      }
    }
    JsonNode scaleUp =
        Manifests.ofKind(parse("scaled-object.yaml"), "ScaledObject")
            .getFirst()
            .json()
            .path("spec")
            .path("advanced")
            .path("horizontalPodAutoscalerConfig")
            .path("behavior")
            .path("scaleUp");
    assertThat(scaleUp.path("stabilizationWindowSeconds").asInt(-1)).isZero();
    assertThat(scaleUp.path("policies"))
        .as("scale-up is widened beyond Kubernetes' default of 100 %% per 15 s")
        .anyMatch(
            p -> p.path("type").asString("").equals("Percent") && p.path("value").asInt() > 100);
  }

  @Test
  void multiWorkloadScaledObjectsNameWorkloadsThatHaveAForecasterService() {
    List<Manifests.Doc> docs = parse("multi-workload.yaml");
    List<Manifests.Doc> scaledObjects = Manifests.ofKind(docs, "ScaledObject");
    assertThat(scaledObjects)
        .extracting(Manifests.Doc::name)
        .containsExactly("frontend", "backend");
    List<Manifests.Doc> scalers = Conventions.deployments(docs, "scaler");
    assertThat(scalers).as("one scaler for both workloads").hasSize(1);
    String template =
        Conventions.env(Conventions.container(scalers.getFirst(), "scaler"), "FORECASTER_URL");
    for (Manifests.Doc so : scaledObjects) {
      JsonNode trigger = so.json().path("spec").path("triggers").path(0).path("metadata");
      String workload = trigger.path("workload").asString("");
      assertScalerAddressResolves(
          trigger.path("scalerAddress").asString(""), docs, "multi-workload.yaml");
      // The scaler's FORECASTER_URL for this workload names a Service that selects its forecaster.
      String host =
          template.replace("{workload}", workload).replaceFirst("^https?://", "").split("[:/]")[0];
      String[] parts = host.split("\\.");
      Manifests.Doc service = service(docs, parts[0], parts[1]);
      assertThat(service).as("Service %s for workload %s", host, workload).isNotNull();
      List<Manifests.Doc> selected =
          Conventions.deployments(docs, "forecaster").stream()
              .filter(d -> Conventions.matches(selectorOf(service), d))
              .toList();
      assertThat(selected).as("forecasters behind " + service.where()).hasSize(1);
      assertThat(
              Conventions.env(Conventions.container(selected.getFirst(), "forecaster"), "WORKLOAD"))
          .isEqualTo(workload);
    }
    JsonNode frontend = forecasterOf(docs, "frontend");
    JsonNode backend = forecasterOf(docs, "backend");
    assertThat(Conventions.env(frontend, "MODEL")).isEqualTo("baseline");
    assertThat(Conventions.env(backend, "MODEL")).isEqualTo("sarima");
    assertThat(Conventions.env(backend, "STEP")).isEqualTo("5m");
    assertThat(Conventions.env(backend, "SARIMA_S"))
        .as("one day of 5-minute steps")
        .isEqualTo("288");
  }

  @Test
  void readmeIndexesEveryExampleAndGivesTheTwoApplyCommands() throws IOException {
    String readme = Files.readString(EXAMPLES.resolve("README.md"));
    exampleFiles()
        .forEach(
            file ->
                assertThat(readme)
                    .as("README.md lists " + file.getFileName())
                    .contains("`" + file.getFileName() + "`"));
    assertThat(readme)
        .contains("kubectl apply -f examples/deployment.yaml -f examples/scaled-object.yaml")
        .contains("kubectl apply -f examples/redis.yaml -f examples/deployment-redis.yaml");
  }

  /** scalerAddress "svc.ns.svc[.cluster.local]:port" names a Service of docs on a port to gRPC. */
  private static void assertScalerAddressResolves(
      String address, List<Manifests.Doc> docs, String file) {
    assertThat(address)
        .as(file + "'s scalerAddress")
        .matches("[a-z0-9-]+\\.[a-z0-9-]+\\.svc(\\.cluster\\.local)?:\\d+");
    String[] hostPort = address.split(":");
    String[] parts = hostPort[0].split("\\.");
    Manifests.Doc service = service(docs, parts[0], parts[1]);
    assertThat(service).as(file + ": Service " + parts[1] + "/" + parts[0]).isNotNull();
    int port = Integer.parseInt(hostPort[1]);
    JsonNode servicePort = null;
    for (JsonNode p : service.json().path("spec").path("ports")) {
      if (p.path("port").asInt() == port) {
        servicePort = p;
      }
    }
    assertThat(servicePort).as(service.where() + " has port " + port).isNotNull();
    String target = servicePort.path("targetPort").asString("");
    Manifests.Doc scaler = Conventions.deployments(docs, "scaler").getFirst();
    assertThat(Conventions.matches(selectorOf(service), scaler))
        .as(service.where() + " selects the scaler")
        .isTrue();
    JsonNode container = Conventions.container(scaler, "scaler");
    assertThat(container.path("ports"))
        .as("the scaler's gRPC port behind " + address)
        .anyMatch(
            p ->
                p.path("name").asString("").equals(target)
                    && p.path("containerPort").asInt() == 50051);
  }

  private static Manifests.Doc service(List<Manifests.Doc> docs, String name, String namespace) {
    return Manifests.ofKind(docs, "Service").stream()
        .filter(s -> s.name().equals(name) && s.namespace().equals(namespace))
        .findFirst()
        .orElse(null);
  }

  private static JsonNode selectorOf(Manifests.Doc service) {
    return service.json().path("spec").path("selector");
  }

  private static JsonNode forecasterOf(List<Manifests.Doc> docs, String workload) {
    return Conventions.deployments(docs, "forecaster").stream()
        .map(d -> Conventions.container(d, "forecaster"))
        .filter(c -> workload.equals(Conventions.env(c, "WORKLOAD")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no forecaster for " + workload));
  }
}
