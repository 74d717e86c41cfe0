package io.kedastral.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The manifests agree with the images that {@link ImageEntrypointIT} ran: a container of {@code
 * kedastral/forecaster} or {@code kedastral/scaler} keeps the image's entrypoint (no {@code
 * command}, which would drop the tested JVM flags), declares only ports the Dockerfile exposes,
 * runs as the Dockerfile's uid/gid when it sets them, and mounts a writable {@code /tmp} when its
 * root filesystem is read-only (the images write nowhere else).
 */
final class ImageChecks {
  private static final Set<String> WORKLOADS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

  /** The two Dockerfiles of the checkout, read once. */
  private static final Map<CrossChecks.App, Dockerfile> IMAGES =
      Map.of(
          CrossChecks.App.FORECASTER,
          Dockerfile.parse(CrossChecks.root().resolve("Dockerfile.forecaster")),
          CrossChecks.App.SCALER,
          Dockerfile.parse(CrossChecks.root().resolve("Dockerfile.scaler")));

  private ImageChecks() {}

  /** Every disagreement between {@code docs} and the checkout's Dockerfiles. */
  static List<String> problems(List<Manifests.Doc> docs) {
    List<String> problems = new ArrayList<>();
    for (Manifests.Doc doc : docs) {
      JsonNode pod =
          doc.kind().equals("Pod")
              ? doc.json().path("spec")
              : doc.json().path("spec").path("template").path("spec");
      if (!doc.kind().equals("Pod") && !WORKLOADS.contains(doc.kind())) {
        continue;
      }
      for (JsonNode container : pod.path("containers")) {
        CrossChecks.App app = CrossChecks.App.of(container);
        if (app != null) {
          String where = doc.where() + " container " + container.path("name").asString("");
          check(IMAGES.get(app), pod, container, where, problems);
        }
      }
    }
    return problems;
  }

  private static void check(
      Dockerfile image, JsonNode pod, JsonNode container, String where, List<String> problems) {
    if (!container.path("command").isMissingNode()) {
      problems.add(where + ": sets command, replacing the entrypoint (and its JVM flags)");
    }
    Set<String> exposed = new HashSet<>();
    image.exposed().forEach(p -> exposed.add(p.replaceFirst("/tcp$", "")));
    for (JsonNode port : container.path("ports")) {
      String number = port.path("containerPort").asString("");
      if (!exposed.contains(number)) {
        problems.add(where + ": containerPort " + number + " is not exposed by " + image.source());
      }
    }
    String[] user = image.user().split(":");
    checkId(pod, container, "runAsUser", user[0], where, problems);
    if (user.length > 1) {
      checkId(pod, container, "runAsGroup", user[1], where, problems);
    }
    if (effective(pod, container, "readOnlyRootFilesystem").asBoolean(false)) {
      boolean tmp = false;
      for (JsonNode mount : container.path("volumeMounts")) {
        tmp |= mount.path("mountPath").asString("").equals("/tmp");
      }
      if (!tmp) {
        problems.add(where + ": read-only root filesystem without a volume on /tmp");
      }
    }
  }

  private static void checkId(
      JsonNode pod,
      JsonNode container,
      String field,
      String expected,
      String where,
      List<String> problems) {
    JsonNode id = effective(pod, container, field);
    if (!id.isMissingNode() && !id.asString("").equals(expected)) {
      problems.add(
          where + ": " + field + " " + id.asString("") + ", the image's USER is " + expected);
    }
  }

  /** The container's securityContext field, else the pod's (readOnlyRootFilesystem: container). */
  private static JsonNode effective(JsonNode pod, JsonNode container, String field) {
    JsonNode own = container.path("securityContext").path(field);
    return own.isMissingNode() ? pod.path("securityContext").path(field) : own;
  }
}
