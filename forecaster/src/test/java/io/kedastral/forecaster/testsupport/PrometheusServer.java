package io.kedastral.forecaster.testsupport;

import io.kedastral.core.series.Sample;
import io.kedastral.core.series.SeriesCleaner;
import io.kedastral.core.series.TraceCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real Prometheus on loopback for integration tests, with backfilled history.
 *
 * <p>The backfill is written as OpenMetrics and turned into TSDB blocks with {@code promtool tsdb
 * create-blocks-from openmetrics} before Prometheus starts, so queries see it at once. Prometheus
 * runs in Docker ({@value #IMAGE}, data directory bind-mounted) when a Docker engine is available,
 * otherwise from the local {@code prometheus}/{@code promtool} binaries; when neither is there,
 * {@link #start} fails with how to install them (integration tests are never skipped). System
 * property {@code kedastral.prometheus=local|docker} forces one way and skips the (slow) Docker
 * probe.
 *
 * <pre>{@code
 * try (var prom = PrometheusServer.start(List.of(
 *     new Series("http_rps", Map.of("pod", "a"), samples)), "/prometheus")) {
 *   URI base = prom.baseUrl(); // http://127.0.0.1:<port>/prometheus
 *   prom.stop();              // outage
 *   prom.restart();           // same port, same data
 * }
 * }</pre>
 */
public final class PrometheusServer implements AutoCloseable {
  static final String IMAGE = "prom/prometheus:v2.42.0";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Far beyond any backfill: time retention is counted back from the newest block, and blocks
   * outside it are deleted at start-up, so the span of the backfill must stay below it.
   */
  private static final String RETENTION = "36500d";

  private static final String INSTALL_HINT =
      "install prometheus: apt-get install -y prometheus (provides prometheus and promtool),"
          + " or start a Docker engine so that "
          + IMAGE
          + " can be used";
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final String CONTAINER_DIR = "/kedastral";

  /** Decided once per JVM, and only when a server is started. */
  private static volatile Boolean useDocker;

  /**
   * One backfilled series. Samples may be NaN or infinite (Prometheus stores them as they are);
   * they are written in time order, and times must be distinct. Remember that queries fill a gap of
   * up to 5 minutes with the sample before it (Prometheus' lookback delta).
   */
  public record Series(String metric, Map<String, String> labels, List<Sample> samples) {
    public Series {
      if (metric == null || !METRIC_NAME.matcher(metric).matches()) {
        throw new IllegalArgumentException("invalid metric name: " + metric);
      }
      labels = Map.copyOf(new TreeMap<>(labels));
      for (String label : labels.keySet()) {
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw new IllegalArgumentException("invalid label name: " + label);
        }
      }
      samples = List.copyOf(samples);
    }
  }

  private final Path dir;
  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private final String routePrefix;
  private final boolean docker;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile Process process;
  private GenericContainer<?> container;
  private Thread shutdownHook;

  private PrometheusServer(Path dir, int port, String routePrefix, boolean docker) {
    this.dir = dir;
    this.dataDir = dir.resolve("data");
    this.logFile = dir.resolve("prometheus.log");
    this.port = port;
    this.routePrefix = routePrefix;
    this.docker = docker;
  }

  /** Starts Prometheus serving at the root path with {@code backfill} already stored. */
  public static PrometheusServer start(List<Series> backfill) {
    return start(backfill, "");
  }

  /**
   * Starts Prometheus with {@code backfill} already stored, serving under {@code routePrefix}
   * ({@code ""} or e.g. {@code /prometheus}; passed as {@code --web.route-prefix} and in {@code
   * --web.external-url}). Returns once {@code <prefix>/-/ready} answers 200.
   *
   * @throws IllegalStateException when backfilling or starting fails (with promtool's output or the
   *     tail of Prometheus' log), or when neither Docker nor the binaries are available
   */
  public static PrometheusServer start(List<Series> backfill, String routePrefix) {
    String prefix = normalizePrefix(routePrefix);
    boolean docker = dockerMode();
    Path dir;
    try {
      dir = Files.createTempDirectory("kedastral-prometheus-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrometheusServer server = new PrometheusServer(dir, LocalServers.freePort(), prefix, docker);
    try {
      server.prepare(backfill);
      server.launch();
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /**
   * {@code http://127.0.0.1:<port><prefix>} (the Docker host in Docker mode), without a trailing
   * slash.
   */
  public URI baseUrl() {
    return URI.create("http://" + host() + ":" + port + routePrefix);
  }

  public int port() {
    return port;
  }

  /** Where Prometheus writes its log (also where a failed start looks for the reason). */
  public Path logFile() {
    return logFile;
  }

  /** Stops Prometheus (connections are refused until {@link #restart()}). Idempotent. */
  public synchronized void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (container != null && container.isRunning()) {
      DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }
  }

  /** Starts Prometheus again on the same port with the same data; waits until it is ready. */
  public synchronized void restart() {
    stop();
    if (container != null) {
      DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
      awaitReady();
    } else {
      launch();
    }
  }

  /** Stops Prometheus and deletes its data directory. */
  @Override
  public synchronized void close() {
    try {
      stop();
      if (container != null) {
        container.close();
        container = null;
      }
    } finally {
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
          // the JVM is already shutting down; the hook runs anyway
        }
        shutdownHook = null;
      }
      http.close();
      LocalServers.deleteRecursively(dir);
    }
  }

  /**
   * The last {@code maxPoints} values of a {@code timestamp,value} trace, re-timed onto a regular
   * grid of {@code step} whose last point is {@code end} truncated to a multiple of {@code step}
   * (since the epoch): value {@code i} of {@code n} is placed at {@code alignedEnd - (n-1-i)·step}.
   * The trace's own spacing (5 minutes, with gaps, for the NAB traces) is not kept; this gives
   * "history that ends now" at the step under test.
   */
  public static List<Sample> shiftedTrace(Path csv, Duration step, Instant end, int maxPoints) {
    if (step.isNegative() || step.isZero() || maxPoints <= 0) {
      throw new IllegalArgumentException("step and maxPoints must be positive");
    }
    List<Sample> trace;
    try {
      trace = TraceCsv.parse(Files.readAllLines(csv, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + csv, e);
    }
    List<Sample> tail = trace.subList(Math.max(0, trace.size() - maxPoints), trace.size());
    Instant alignedEnd = SeriesCleaner.alignDown(end, step);
    List<Sample> shifted = new ArrayList<>(tail.size());
    for (int i = 0; i < tail.size(); i++) {
      Instant t = alignedEnd.minus(step.multipliedBy(tail.size() - 1L - i));
      shifted.add(new Sample(t, tail.get(i).value()));
    }
    return shifted;
  }

  /**
   * The shared directory holding {@code data/nab/*.csv}: system property {@code
   * kedastral.shared.dir} (set by surefire and failsafe), else {@code ../shared} or {@code
   * ../../shared} from the working directory.
   */
  public static Path sharedDir() {
    String configured = System.getProperty("kedastral.shared.dir");
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("..", "shared"));
    candidates.add(Path.of("..", "..", "shared"));
    for (Path candidate : candidates) {
      if (Files.isDirectory(candidate.resolve("data"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "shared traces not found; tried "
            + candidates.stream().map(p -> p.toAbsolutePath().normalize()).toList()
            + " (set -Dkedastral.shared.dir)");
  }

  /** A NAB trace by file name, e.g. {@code Twitter_volume_AMZN.csv}. */
  public static Path nabTrace(String fileName) {
    Path trace = sharedDir().resolve("data").resolve("nab").resolve(fileName);
    if (!Files.isRegularFile(trace)) {
      throw new IllegalStateException("no such trace: " + trace);
    }
    return trace;
  }

  // --- start-up ------------------------------------------------------------------------------

  private void prepare(List<Series> backfill) {
    try {
      Files.createDirectories(dataDir);
      Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
      if (!backfill.isEmpty()) {
        Files.writeString(dir.resolve("backfill.om"), openMetrics(backfill));
        if (docker) {
          makeWritableForContainer();
          createBlocksInDocker();
        } else {
          createBlocksLocally();
        }
      }
      if (docker) {
        makeWritableForContainer();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String openMetrics(List<Series> backfill) {
    Map<String, List<Series>> byMetric = new LinkedHashMap<>();
    for (Series series : backfill) {
      byMetric.computeIfAbsent(series.metric(), k -> new ArrayList<>()).add(series);
    }
    StringBuilder out = new StringBuilder();
    byMetric.forEach(
        (metric, family) -> {
          out.append("# TYPE ").append(metric).append(" gauge\n");
          for (Series series : family) {
            String name = metric + labels(series.labels());
            series.samples().stream()
                .sorted(Comparator.comparing(Sample::time))
                .forEach(
                    s ->
                        out.append(name)
                            .append(' ')
                            .append(value(s.value()))
                            .append(' ')
                            .append(timestamp(s.time()))
                            .append('\n'));
          }
        });
    return out.append("# EOF\n").toString();
  }

  private static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              if (out.length() > 1) {
                out.append(',');
              }
              String escaped = v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
              out.append(k).append("=\"").append(escaped).append('"');
            });
    return out.append('}').toString();
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  /** OpenMetrics timestamps are seconds, with a fraction for milliseconds. */
  private static String timestamp(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
  }

  private void createBlocksLocally() {
    Path promtool = LocalServers.binary("promtool", INSTALL_HINT);
    String output;
    int exit;
    try {
      Process p =
          new ProcessBuilder(
                  promtool.toString(),
                  "tsdb",
                  "create-blocks-from",
                  "openmetrics",
                  dir.resolve("backfill.om").toString(),
                  dataDir.toString())
              .redirectErrorStream(true)
              .start();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      exit = p.waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + promtool + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backfilling", e);
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "promtool tsdb create-blocks-from openmetrics failed (exit " + exit + "):\n" + output);
    }
  }

  private void createBlocksInDocker() {
    StringBuffer output = new StringBuffer();
    try (GenericContainer<?> promtool =
        new GenericContainer<>(IMAGE)
            .withFileSystemBind(dir.toString(), CONTAINER_DIR, BindMode.READ_WRITE)
            .withLogConsumer(frame -> output.append(frame.getUtf8String()))
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("promtool"))
            .withCommand(
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                CONTAINER_DIR + "/backfill.om",
                CONTAINER_DIR + "/data")
            .withStartupCheckStrategy(
                new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
      try {
        promtool.start();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "promtool tsdb create-blocks-from openmetrics failed in " + IMAGE + ":\n" + output, e);
      }
    }
  }

  private List<String> prometheusArgs(String configDir, String listen) {
    List<String> args = new ArrayList<>();
    args.add("--config.file=" + configDir + "/prometheus.yml");
    args.add("--storage.tsdb.path=" + configDir + "/data");
    args.add("--storage.tsdb.retention.time=" + RETENTION);
    args.add("--web.listen-address=" + listen);
    if (!routePrefix.isEmpty()) {
      args.add("--web.route-prefix=" + routePrefix);
      args.add("--web.external-url=http://" + host() + ":" + port + routePrefix);
    }
    return args;
  }

  private void launch() {
    if (docker) {
      launchContainer();
    } else {
      launchProcess();
    }
    awaitReady();
  }

  private void launchProcess() {
    List<String> command = new ArrayList<>();
    command.add(LocalServers.binary("prometheus", INSTALL_HINT).toString());
    command.addAll(prometheusArgs(dir.toString(), "127.0.0.1:" + port));
    try {
      Files.writeString(
          logFile,
          "--- " + Instant.now() + " " + String.join(" ", command) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command.getFirst() + ": " + e, e);
    }
    if (shutdownHook == null) {
      // A test JVM that dies without close() must not leave Prometheus running.
      shutdownHook =
          new Thread(
              () -> {
                Process p = process;
                if (p != null) {
                  p.destroyForcibly();
                }
              },
              "prometheus-server-cleanup");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  @SuppressWarnings("resource") // closed in close()
  private void launchContainer() {
    container =
        new GenericContainer<>(IMAGE)
            .withFileSystemBind(dir.toString(), CONTAINER_DIR, BindMode.READ_WRITE)
            .withCommand(prometheusArgs(CONTAINER_DIR, "0.0.0.0:9090").toArray(String[]::new))
            .withExposedPorts(9090)
            .waitingFor(
                Wait.forHttp(routePrefix + "/-/ready")
                    .forPort(9090)
                    .withStartupTimeout(READY_TIMEOUT))
            .withLogConsumer(this::appendToLog);
    // A fixed host port, so that restart() keeps the address the tests hold.
    container.setPortBindings(List.of(port + ":9090"));
    container.start();
  }

  private void appendToLog(OutputFrame frame) {
    try {
      Files.writeString(
          logFile, frame.getUtf8String(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the log is only a diagnostic aid
    }
  }

  private void awaitReady() {
    URI ready = URI.create(baseUrl() + "/-/ready");
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited with " + process.exitValue() + " before it was ready" + logTail());
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode() + " " + response.body().strip();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Prometheus", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Prometheus", e);
      }
    }
    throw new IllegalStateException(
        "Prometheus not ready at "
            + ready
            + " within "
            + READY_TIMEOUT
            + " ("
            + last
            + ")"
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return "\n--- last lines of "
          + logFile
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return " (no log at " + logFile + ")";
    }
  }

  // --- environment ---------------------------------------------------------------------------

  private String host() {
    return docker ? DockerClientFactory.instance().dockerHostIpAddress() : "127.0.0.1";
  }

  private static String normalizePrefix(String routePrefix) {
    String p = routePrefix == null ? "" : routePrefix.strip();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (!p.isEmpty() && !p.startsWith("/")) {
      p = "/" + p;
    }
    return p;
  }

  /** Prometheus in the image runs as nobody; the bind-mounted directory must be writable. */
  private void makeWritableForContainer() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
      }
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system (Docker Desktop on Windows maps permissions itself)
    }
  }

  private static synchronized boolean dockerMode() {
    if (useDocker == null) {
      useDocker =
          LocalServers.useDocker("kedastral.prometheus", INSTALL_HINT, "prometheus", "promtool");
    }
    return useDocker;
  }
}
