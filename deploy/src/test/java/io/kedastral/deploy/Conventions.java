package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The conventions every forecaster and scaler Deployment of the plain manifests and the Kustomize
 * overlays follows (names, labels, namespace, images, pod security, resources, the /tmp volume, the
 * scaler's FORECASTER_URL template), and lookups the deploy tests share.
 */
final class Conventions {

  static final String NAMESPACE = "kedastral";
  static final String FORECASTER_URL = "http://kedastral-forecaster-{workload}.kedastral.svc:8081";

  /** Resource limits by component (requests may be lowered, e.g. by the development overlay). */
  static final Map<String, Map<String, String>> LIMITS =
      Map.of(
          "forecaster", Map.of("cpu", "500m", "memory", "512Mi"),
          "scaler", Map.of("cpu", "200m", "memory", "256Mi"));

  private Conventions() {}

  /** Fails listing every deviation from the conventions. */
  static void assertFollowed(List<Manifests.Doc> docs) {
    List<String> problems = problems(docs);
    if (!problems.isEmpty()) {
      fail(problems.size() + " convention problem(s):\n  " + String.join("\n  ", problems));
    }
  }

  static List<String> problems(List<Manifests.Doc> docs) {
    List<String> problems = new ArrayList<>();
    for (Manifests.Doc doc : Manifests.ofKind(docs, "Deployment")) {
      String component = component(doc);
      if (component == null) {
        continue;
      }
      List<String> p = new ArrayList<>();
      JsonNode container = container(doc, component);
      JsonNode pod = podSpec(doc);
      String expectedName =
          component.equals("forecaster")
              ? "kedastral-forecaster-" + env(container, "WORKLOAD")
              : "kedastral-scaler";
      check(p, doc.name().equals(expectedName), "is named " + doc.name() + ", not " + expectedName);
      check(p, doc.namespace().equals(NAMESPACE), "is not in the namespace " + NAMESPACE);
      for (String at : List.of("metadata", "template")) {
        JsonNode labels =
            at.equals("metadata")
                ? doc.json().path("metadata").path("labels")
                : doc.json().path("spec").path("template").path("metadata").path("labels");
        label(p, labels, at, "app.kubernetes.io/name", "kedastral-" + component);
        label(p, labels, at, "app.kubernetes.io/component", component);
        label(p, labels, at, "app.kubernetes.io/part-of", "kedastral");
        check(p, labels.has("app.kubernetes.io/instance"), at + " has no instance label");
        if (component.equals("forecaster")) {
          label(p, labels, at, "kedastral.io/workload", env(container, "WORKLOAD"));
        }
      }
      String image = container.path("image").asString("");
      check(
          p,
          image.matches("ghcr\\.io/kedastral/" + component + "(:[^@]+|@sha256:[0-9a-f]{64})"),
          "runs image " + image + ", not ghcr.io/kedastral/" + component + ":<tag>");
      check(
          p,
          pod.path("serviceAccountName").asString("").equals("kedastral-" + component),
          "does not run as the ServiceAccount kedastral-" + component);
      p.addAll(hardeningProblems(pod, container));
      JsonNode resources = container.path("resources");
      LIMITS
          .get(component)
          .forEach(
              (resource, limit) ->
                  check(
                      p,
                      resources.path("limits").path(resource).asString("").equals(limit),
                      "limits." + resource + " is not " + limit));
      check(
          p,
          resources.path("requests").path("cpu").isString()
              && resources.path("requests").path("memory").isString(),
          "has no cpu and memory requests");
      if (component.equals("scaler")) {
        check(
            p,
            FORECASTER_URL.equals(env(container, "FORECASTER_URL")),
            "FORECASTER_URL is not the template " + FORECASTER_URL);
      }
      p.forEach(problem -> problems.add(doc.where() + " " + problem));
    }
    return problems;
  }

  /**
   * The pod hardening every Kedastral pod has, whoever renders it (examples, overlays, chart): no
   * ServiceAccount token, non-root 65532, RuntimeDefault seccomp, no privilege escalation, a
   * read-only root with a 64Mi {@code /tmp} emptyDir, no capabilities.
   */
  static List<String> hardeningProblems(JsonNode pod, JsonNode container) {
    List<String> p = new ArrayList<>();
    check(
        p,
        pod.path("automountServiceAccountToken").isBoolean()
            && !pod.path("automountServiceAccountToken").asBoolean(),
        "mounts a ServiceAccount token");
    JsonNode security = pod.path("securityContext");
    check(p, security.path("runAsNonRoot").asBoolean(false), "does not set runAsNonRoot");
    for (String id : List.of("runAsUser", "runAsGroup", "fsGroup")) {
      check(p, security.path(id).asInt(-1) == 65532, id + " is not 65532");
    }
    check(
        p,
        security.path("seccompProfile").path("type").asString("").equals("RuntimeDefault"),
        "has no RuntimeDefault seccomp profile");
    JsonNode containerSecurity = container.path("securityContext");
    check(
        p,
        !containerSecurity.path("allowPrivilegeEscalation").asBoolean(true),
        "allows privilege escalation");
    check(
        p,
        containerSecurity.path("readOnlyRootFilesystem").asBoolean(false),
        "has a writable root filesystem");
    check(
        p,
        containerSecurity.path("capabilities").path("drop").toString().equals("[\"ALL\"]"),
        "does not drop ALL capabilities");
    check(p, hasTmpVolume(pod, container), "has no /tmp emptyDir with sizeLimit 64Mi");
    return p;
  }

  /** "forecaster" or "scaler" by the Deployment's container image; null for any other. */
  static String component(Manifests.Doc deployment) {
    for (JsonNode container : CrossChecks.containers(deployment)) {
      CrossChecks.App app = CrossChecks.App.of(container);
      if (app != null) {
        return app.module;
      }
    }
    return null;
  }

  static List<Manifests.Doc> deployments(List<Manifests.Doc> docs, String component) {
    return Manifests.ofKind(docs, "Deployment").stream()
        .filter(d -> component.equals(component(d)))
        .toList();
  }

  static JsonNode podSpec(Manifests.Doc deployment) {
    return deployment.json().path("spec").path("template").path("spec");
  }

  /** The container named like the component ("forecaster" or "scaler"). */
  static JsonNode container(Manifests.Doc deployment, String component) {
    for (JsonNode container : CrossChecks.containers(deployment)) {
      if (container.path("name").asString("").equals(component)) {
        return container;
      }
    }
    throw new AssertionError(deployment.where() + " has no container named " + component);
  }

  /** A variable's value; "<valueFrom>" when it comes from elsewhere; null when unset. */
  static String env(JsonNode container, String name) {
    return CrossChecks.env(container, name);
  }

  /** The variable's entry (to read its valueFrom), or a missing node. */
  static JsonNode envEntry(JsonNode container, String name) {
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asString("").equals(name)) {
        return env;
      }
    }
    return container.path("env").path(Integer.MAX_VALUE);
  }

  static int replicas(Manifests.Doc deployment) {
    return deployment.json().path("spec").path("replicas").asInt(1);
  }

  /** Whether a label selector ({@code matchLabels} only) selects the Deployment's pods. */
  static boolean selects(JsonNode selector, Manifests.Doc deployment) {
    return selector.path("matchExpressions").isEmpty()
        && matches(selector.path("matchLabels"), deployment);
  }

  /** Whether a Service-style selector (a plain label map) selects the Deployment's pods. */
  static boolean matches(JsonNode labelMap, Manifests.Doc deployment) {
    JsonNode labels =
        deployment.json().path("spec").path("template").path("metadata").path("labels");
    return labelMap.isObject()
        && !labelMap.isEmpty()
        && labelMap.properties().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static boolean hasTmpVolume(JsonNode pod, JsonNode container) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asString("").equals("/tmp")) {
        String volume = mount.path("name").asString("");
        for (JsonNode v : pod.path("volumes")) {
          if (v.path("name").asString("").equals(volume)
              && v.path("emptyDir").path("sizeLimit").asString("").equals("64Mi")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static void label(
      List<String> problems, JsonNode labels, String at, String key, String value) {
    check(
        problems,
        value != null && value.equals(labels.path(key).asString(null)),
        at + " label " + key + " is " + labels.path(key) + ", not " + value);
  }

  private static void check(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }
}
