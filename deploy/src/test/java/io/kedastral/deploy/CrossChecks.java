package io.kedastral.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks manifests against the applications themselves, read from their sources in this checkout:
 *
 * <ul>
 *   <li>every environment variable a forecaster or scaler container sets is one the application
 *       reads (a placeholder of its {@code application.yaml}, or one of {@link #COMMON_VARIABLES}),
 *       and the required ones are set;
 *   <li>every probe asks a path the application serves, on the port it serves it on ({@code
 *       SERVER_PORT}, or the forecaster's {@code MANAGEMENT_PORT} when its API is TLS);
 *   <li>every Service selects pods of the same manifests and targets a port they declare;
 *   <li>every ScaledObject trigger aimed at the scaler uses only metadata keys the scaler reads
 *       ({@code TriggerMetadata}) or KEDA reads itself, with a namespace-qualified {@code
 *       scalerAddress} on the scaler's gRPC port;
 *   <li>the pods run the images as the Dockerfiles built and {@code ImageEntrypointIT} tested them
 *       ({@link ImageChecks}).
 * </ul>
 *
 * A container is the forecaster's or the scaler's by its image ({@code …/forecaster:…}, {@code
 * …/scaler:…}).
 */
public final class CrossChecks {

  /** Read by both applications outside {@code application.yaml}. */
  static final Set<String> COMMON_VARIABLES =
      Set.of(
          "SERVER_PORT", // Spring Boot's server.port
          "LOG_LEVEL", // boot/LoggingEnvironmentPostProcessor
          "LOG_FORMAT", // boot/LoggingEnvironmentPostProcessor
          "JAVA_TOOL_OPTIONS"); // the JVM itself: extra flags for the image's entrypoint

  /** Read by the forecaster outside {@code application.yaml} (docs/DEPLOYMENT.md). */
  static final Set<String> FORECASTER_EXTRA_VARIABLES =
      Set.of("SPRING_SSL_BUNDLE_WATCH_FILE_QUIETPERIOD"); // the TLS files' reload quiet period

  /** Keys KEDA reads itself on an external trigger (never passed on as settings we read). */
  static final Set<String> KEDA_EXTERNAL_KEYS =
      Set.of("scalerAddress", "enableTLS", "unsafeSsl", "caCert", "tlsClientCert", "tlsClientKey");

  /** The probe paths both applications serve (SPEC §5; Actuator's probe groups). */
  static final Set<String> PROBE_PATHS = Set.of("/healthz", "/livez", "/readyz");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
  private static final Pattern METADATA_KEY =
      Pattern.compile("static final String [A-Z_]+ = \"([A-Za-z]+)\";");
  private static final Pattern METRIC = Pattern.compile("\\b(kedastral_[a-z0-9_]+)");

  /** Which application a container runs. */
  public enum App {
    FORECASTER("forecaster", 8081),
    SCALER("scaler", 8082);

    final String module;
    final int httpPort;

    App(String module, int httpPort) {
      this.module = module;
      this.httpPort = httpPort;
    }

    static App of(JsonNode container) {
      String image = container.path("image").asString("");
      if (image.matches(".*/forecaster(:.*|@.*)?$")) {
        return FORECASTER;
      }
      if (image.matches(".*/scaler(:.*|@.*)?$")) {
        return SCALER;
      }
      return null;
    }

    /** The variables the application reads. */
    public Set<String> variables() {
      Set<String> names = new TreeSet<>(COMMON_VARIABLES);
      if (this == FORECASTER) {
        names.addAll(FORECASTER_EXTRA_VARIABLES);
      }
      Matcher m = PLACEHOLDER.matcher(read(applicationYaml()));
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }

    Path applicationYaml() {
      return root().resolve(module).resolve("src/main/resources/application.yaml");
    }
  }

  private CrossChecks() {}

  /** The checkout's root (system property {@code kedastral.root}, else the parent directory). */
  public static Path root() {
    String root = System.getProperty("kedastral.root");
    return (root != null ? Path.of(root) : Path.of(System.getProperty("user.dir")).getParent())
        .toAbsolutePath()
        .normalize();
  }

  /** Every cross-check over a set of manifests that are applied together. */
  public static List<String> problems(List<Manifests.Doc> docs) {
    List<String> problems = new ArrayList<>();
    for (Manifests.Doc doc : docs) {
      for (JsonNode container : containers(doc)) {
        App app = App.of(container);
        if (app != null) {
          environment(doc, container, app, problems);
          probes(doc, container, app, problems);
        }
      }
    }
    services(docs, problems);
    scaledObjects(docs, problems);
    problems.addAll(ImageChecks.problems(docs));
    return problems;
  }

  /** Fails listing every cross-check problem. */
  public static void assertConsistent(List<Manifests.Doc> docs) {
    List<String> problems = problems(docs);
    if (!problems.isEmpty()) {
      org.assertj.core.api.Assertions.fail(
          problems.size() + " cross-check problem(s):\n  " + String.join("\n  ", problems));
    }
  }

  /** The metric names (as scraped) that PrometheusRule expressions use. */
  public static Set<String> ruleMetrics(List<Manifests.Doc> docs) {
    Set<String> names = new TreeSet<>();
    for (Manifests.Doc doc : Manifests.ofKind(docs, "PrometheusRule")) {
      for (JsonNode group : doc.json().path("spec").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          names.addAll(metricNames(rule.path("expr").asString("")));
        }
      }
    }
    return names;
  }

  /** The {@code kedastral_…} metric names a PromQL expression (or any text) mentions. */
  public static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The trigger metadata keys the scaler reads ({@code TriggerMetadata}'s constants). */
  public static Set<String> scalerMetadataKeys() {
    Path source =
        root().resolve("scaler/src/main/java/io/kedastral/scaler/grpc/TriggerMetadata.java");
    Set<String> keys = new TreeSet<>();
    Matcher m = METADATA_KEY.matcher(read(source));
    while (m.find()) {
      keys.add(m.group(1));
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException("no metadata keys found in " + source);
    }
    return keys;
  }

  static List<JsonNode> containers(Manifests.Doc doc) {
    JsonNode pod =
        switch (doc.kind()) {
          case "Pod" -> doc.json().path("spec");
          case "Deployment", "StatefulSet", "DaemonSet", "Job" ->
              doc.json().path("spec").path("template").path("spec");
          default -> null;
        };
    List<JsonNode> containers = new ArrayList<>();
    if (pod != null) {
      pod.path("containers").forEach(containers::add);
    }
    return containers;
  }

  static String env(JsonNode container, String name) {
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asString("").equals(name)) {
        return env.has("value") ? env.path("value").asString("") : "<valueFrom>";
      }
    }
    return null;
  }

  private static void environment(
      Manifests.Doc doc, JsonNode container, App app, List<String> problems) {
    Set<String> known = app.variables();
    String where = doc.where() + ": " + app.module + " container";
    for (JsonNode env : container.path("env")) {
      String name = env.path("name").asString("");
      if (!known.contains(name)) {
        problems.add(where + " sets " + name + ", which the " + app.module + " does not read");
      }
    }
    if (!container.path("envFrom").isEmpty()) {
      problems.add(where + " uses envFrom: name each variable so that it can be checked");
    }
    if (app == App.FORECASTER) {
      for (String required : List.of("WORKLOAD", "METRIC")) {
        if (env(container, required) == null) {
          problems.add(where + " does not set " + required + " (required)");
        }
      }
      String adapter = env(container, "ADAPTER");
      if (!"replay".equals(adapter)
          && env(container, "PROM_QUERY") == null
          && env(container, "ADAPTER_QUERY") == null) {
        problems.add(where + " does not set PROM_QUERY (required unless ADAPTER=replay)");
      }
      if ("redis".equals(env(container, "STORAGE")) && env(container, "REDIS_ADDR") == null) {
        problems.add(where + " uses STORAGE=redis without REDIS_ADDR");
      }
    } else if (env(container, "FORECASTER_URL") == null) {
      problems.add(where + " does not set FORECASTER_URL (the default is localhost)");
    }
  }

  private static void probes(
      Manifests.Doc doc, JsonNode container, App app, List<String> problems) {
    String where = doc.where() + ": " + app.module + " container";
    int expected = port(container, "SERVER_PORT", app.httpPort);
    if (app == App.FORECASTER && "true".equals(env(container, "TLS_ENABLED"))) {
      expected = port(container, "MANAGEMENT_PORT", 8091);
    }
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      JsonNode http = container.path(probe).path("httpGet");
      if (container.path(probe).isMissingNode()) {
        if (!probe.equals("startupProbe")) {
          problems.add(where + " has no " + probe);
        }
        continue;
      }
      if (http.isMissingNode()) {
        problems.add(where + ": " + probe + " is not an httpGet probe of " + PROBE_PATHS);
        continue;
      }
      String path = http.path("path").asString("");
      if (!PROBE_PATHS.contains(path)) {
        problems.add(where + ": " + probe + " asks " + path + ", not one of " + PROBE_PATHS);
      }
      Integer port = containerPort(container, http.path("port"));
      if (port == null || port != expected) {
        problems.add(
            where
                + ": "
                + probe
                + " uses port "
                + http.path("port")
                + ", the app serves "
                + path
                + " on "
                + expected);
      }
      if (!http.path("scheme").asString("HTTP").equals("HTTP")) {
        problems.add(where + ": " + probe + " must be plain HTTP (the probe port has no TLS)");
      }
    }
  }

  private static int port(JsonNode container, String variable, int fallback) {
    String value = env(container, variable);
    return value == null || value.isBlank() || value.startsWith("<")
        ? fallback
        : Integer.parseInt(value);
  }

  private static Integer containerPort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode declared : container.path("ports")) {
      if (declared.path("name").asString("").equals(port.asString())) {
        return declared.path("containerPort").asInt();
      }
    }
    return null;
  }

  private static void services(List<Manifests.Doc> docs, List<String> problems) {
    for (Manifests.Doc service : Manifests.ofKind(docs, "Service")) {
      JsonNode selector = service.json().path("spec").path("selector");
      List<JsonNode> selected = new ArrayList<>();
      for (Manifests.Doc workload : docs) {
        if (!containers(workload).isEmpty()
            && workload.namespace().equals(service.namespace())
            && Conventions.matches(selector, workload)) {
          selected.addAll(containers(workload));
        }
      }
      if (selected.isEmpty()) {
        problems.add(service.where() + ": selects no pods of these manifests");
        continue;
      }
      for (JsonNode port : service.json().path("spec").path("ports")) {
        JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
        boolean found =
            selected.stream().anyMatch(c -> containerPort(c, target) != null && hasPort(c, target));
        if (!found) {
          problems.add(service.where() + ": targetPort " + target + " is not a port of its pods");
        }
      }
    }
  }

  private static boolean hasPort(JsonNode container, JsonNode target) {
    for (JsonNode declared : container.path("ports")) {
      if (target.isInt()
          ? declared.path("containerPort").asInt() == target.asInt()
          : declared.path("name").asString("").equals(target.asString())) {
        return true;
      }
    }
    return false;
  }

  private static void scaledObjects(List<Manifests.Doc> docs, List<String> problems) {
    Set<String> scalerKeys = scalerMetadataKeys();
    for (Manifests.Doc so : Manifests.ofKind(docs, "ScaledObject")) {
      for (JsonNode trigger : so.json().path("spec").path("triggers")) {
        String type = trigger.path("type").asString("");
        if (!type.equals("external") && !type.equals("external-push")) {
          continue;
        }
        JsonNode metadata = trigger.path("metadata");
        for (var key : metadata.propertyNames()) {
          if (!scalerKeys.contains(key) && !KEDA_EXTERNAL_KEYS.contains(key)) {
            problems.add(
                so.where()
                    + ": trigger metadata key '"
                    + key
                    + "' is read neither by the scaler "
                    + scalerKeys
                    + " nor by KEDA "
                    + KEDA_EXTERNAL_KEYS);
          }
        }
        String address = metadata.path("scalerAddress").asString("");
        if (!address.matches("[a-z0-9-]+\\.[a-z0-9-]+\\.svc(\\.cluster\\.local)?:50051")) {
          problems.add(
              so.where()
                  + ": scalerAddress '"
                  + address
                  + "' must be <service>.<namespace>.svc[.cluster.local]:50051 (KEDA runs in its"
                  + " own namespace)");
        }
        String workload = metadata.path("workload").asString(so.name());
        if (!workload.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
          problems.add(so.where() + ": workload '" + workload + "' is not a DNS-1035 label");
        }
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
