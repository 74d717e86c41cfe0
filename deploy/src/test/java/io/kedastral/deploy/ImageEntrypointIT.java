package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images cannot be built here (no Docker engine), so each jar is run the way its image runs it:
 * laid out as the Dockerfile's layers ({@link ImageLayout}), started with the runtime stage's exact
 * ENTRYPOINT, ENV and WORKDIR, and where this machine allows it as uid/gid 65532 with a read-only
 * root and only {@code /tmp} writable ({@link ImageProcess}). The forecaster replays a shared
 * trace; the scaler points at it. Both must become ready, serve what the probes and KEDA ask, stay
 * alive, and write nothing outside {@code /tmp}.
 */
class ImageEntrypointIT {
  private static final String JAR_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
  private static final String WORKLOAD = "image-check";
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;

  private static ImageProcess.Isolation isolation;
  private static Dockerfile forecasterImage;
  private static Dockerfile scalerImage;
  private static ImageProcess forecaster;
  private static ImageProcess scaler;
  private static int forecasterPort;
  private static int scalerHttpPort;
  private static int scalerGrpcPort;

  @BeforeAll
  static void startBothAsTheirImagesDo() throws IOException {
    Path root = Path.of(System.getProperty("kedastral.root", "."));
    forecasterImage = Dockerfile.parse(root.resolve("Dockerfile.forecaster"));
    scalerImage = Dockerfile.parse(root.resolve("Dockerfile.scaler"));
    isolation = ImageProcess.isolation(dir);
    System.out.println("ImageEntrypointIT isolation: " + isolation.describe());

    forecasterPort = freePort();
    scalerHttpPort = freePort();
    scalerGrpcPort = freePort();

    Path f = Files.createDirectories(dir.resolve("forecaster"));
    Path fApp = ImageLayout.lay(jar("kedastral.forecaster.jar"), forecasterImage, f);
    Path fTmp = ImageProcess.tmpDir(f);
    Path trace = shared().resolve("data/nab/Twitter_volume_AAPL.csv");
    Files.copy(trace, fTmp.resolve("trace.csv"));
    forecaster =
        ImageProcess.start(
            forecasterImage,
            fApp,
            f,
            Map.of(
                "WORKLOAD", WORKLOAD,
                "METRIC", "tweets_per_5m",
                "ADAPTER", "replay",
                "REPLAY_FILE", ImageProcess.containerPath(isolation, fTmp, "trace.csv"),
                "STEP", "5m",
                "HORIZON", "1h",
                "INTERVAL", "1h",
                "SERVER_PORT", Integer.toString(forecasterPort)),
            isolation);

    Path s = Files.createDirectories(dir.resolve("scaler"));
    Path sApp = ImageLayout.lay(jar("kedastral.scaler.jar"), scalerImage, s);
    scaler =
        ImageProcess.start(
            scalerImage,
            sApp,
            s,
            Map.of(
                "FORECASTER_URL",
                "http://127.0.0.1:" + forecasterPort,
                "LEAD_TIME",
                "10m",
                "GRPC_PORT",
                Integer.toString(scalerGrpcPort),
                "SERVER_PORT",
                Integer.toString(scalerHttpPort)),
            isolation);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ImageProcess p : new ImageProcess[] {scaler, forecaster}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void dockerfilesDeclareTheRuntimeTheClusterExpects() {
    for (Dockerfile image : List.of(forecasterImage, scalerImage)) {
      assertThat(image.problems()).as(image.source()).isEmpty();
      assertThat(image.user()).as(image.source()).isEqualTo("65532:65532");
      assertThat(image.workdir()).as(image.source()).isEqualTo("/app");
      assertThat(image.volumes()).as(image.source()).containsExactly("/tmp");
      assertThat(ImageLayout.layers(image))
          .as(image.source() + ": the layers, least often changed first")
          .containsExactly(
              "dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
      List<String> argv = image.argv();
      assertThat(argv.getFirst()).as(image.source()).isEqualTo("java");
      assertThat(argv.getLast()).as(image.source()).isEqualTo(JAR_LAUNCHER);
      assertThat(argv)
          .as(image.source() + ": container-aware memory, exit on OOM, /tmp as tmpdir")
          .anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage="))
          .anyMatch(a -> a.startsWith("-XX:InitialRAMPercentage="))
          .contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp")
          .noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-Xms"));
    }
    assertThat(forecasterImage.exposed()).containsExactlyInAnyOrder("8081", "8091");
    assertThat(scalerImage.exposed()).containsExactlyInAnyOrder("50051", "8082");
  }

  @Test
  void forecasterBecomesReadyAndServesItsSnapshot() throws Exception {
    String base = "http://127.0.0.1:" + forecasterPort;
    awaitOk(forecaster, "forecaster", base + "/forecast/current?workload=" + WORKLOAD);
    for (String probe : List.of("/healthz", "/livez", "/readyz")) {
      assertThat(get(base + probe).statusCode()).as("forecaster " + probe).isEqualTo(200);
    }
    HttpResponse<String> snapshot = get(base + "/forecast/current?workload=" + WORKLOAD);
    assertThat(snapshot.statusCode()).isEqualTo(200);
    assertThat(snapshot.body())
        .contains("\"workload\":\"" + WORKLOAD + "\"", "\"desiredReplicas\":[", "\"values\":[");
    assertStillRunningAndWroteOnlyTmp(forecaster, "forecaster");
  }

  @Test
  void scalerBecomesReadyAndItsGrpcPortSpeaksHttp2() throws Exception {
    String base = "http://127.0.0.1:" + scalerHttpPort;
    awaitOk(scaler, "scaler", base + "/readyz");
    for (String probe : List.of("/healthz", "/livez", "/readyz")) {
      assertThat(get(base + probe).statusCode()).as("scaler " + probe).isEqualTo(200);
    }
    assertThat(http2Settings(scalerGrpcPort))
        .as("the gRPC port answers the HTTP/2 preface with a SETTINGS frame")
        .isTrue();
    assertStillRunningAndWroteOnlyTmp(scaler, "scaler");
  }

  /**
   * The cross-check of the alerts and the dashboard against what the applications really export:
   * after one KEDA-like poll of a served workload and one of a workload without a forecaster (so
   * the scaler's per-workload and error series exist), every {@code kedastral_*} name in the
   * chart's PrometheusRule expressions and in the Grafana dashboard's queries must be among the
   * series the two processes serve at {@code /metrics}.
   */
  @Test
  void everyMetricTheAlertsAndTheDashboardNameIsExported() throws Exception {
    awaitOk(forecaster, "forecaster", forecasterBase() + "/forecast/current?workload=" + WORKLOAD);
    awaitOk(scaler, "scaler", "http://127.0.0.1:" + scalerHttpPort + "/readyz");
    assertThat(ask(WORKLOAD)).as("ask for the served workload").isZero();
    assertThat(ask("no-such-workload")).as("ask for a workload without a forecaster").isOne();

    Set<String> exported = new TreeSet<>();
    exported.addAll(seriesNames(get(forecasterBase() + "/metrics").body()));
    exported.addAll(seriesNames(get("http://127.0.0.1:" + scalerHttpPort + "/metrics").body()));

    List<Manifests.Doc> chart = HelmChart.render(HelmChart.ciDir().resolve("redis-ha-values.yaml"));
    Set<String> used = new TreeSet<>(CrossChecks.ruleMetrics(chart));
    assertThat(used).as("the alerts name kedastral metrics").isNotEmpty();
    List<Manifests.Doc> dashboards =
        Manifests.ofKind(chart, "ConfigMap").stream()
            .filter(d -> d.json().at("/metadata/labels/grafana_dashboard").isString())
            .toList();
    assertThat(dashboards).as("the dashboard ConfigMap").hasSize(1);
    Set<String> dashboard =
        CrossChecks.metricNames(dashboards.getFirst().json().path("data").toString());
    assertThat(dashboard).as("the dashboard names kedastral metrics").isNotEmpty();
    used.addAll(dashboard);

    assertThat(exported).as("series served by the forecaster and the scaler").containsAll(used);
  }

  private static String forecasterBase() {
    return "http://127.0.0.1:" + forecasterPort;
  }

  /** {@code java -jar scaler.jar ask}: one polling round as KEDA does it; the exit code. */
  private static int ask(String name) {
    Commands.Result ask =
        Commands.run(
            List.of(
                ImageLayout.java(),
                "-jar",
                jar("kedastral.scaler.jar").toString(),
                "ask",
                "--address=127.0.0.1:" + scalerGrpcPort,
                "--name=" + name,
                "--namespace=shop"),
            dir,
            Map.of(),
            Commands.TIMEOUT);
    System.out.println("ImageEntrypointIT: ask " + name + " -> " + ask.exitCode());
    return ask.exitCode();
  }

  /** The names of the samples of a Prometheus text exposition. */
  static Set<String> seriesNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static void assertStillRunningAndWroteOnlyTmp(ImageProcess p, String name)
      throws IOException {
    String log = p.log();
    assertThat(p.alive()).as(name + " died; its log:\n" + log).isTrue();
    assertThat(log)
        .as(name + " tried to write outside /tmp; its log:\n" + log)
        .doesNotContain("Read-only file system", "AccessDeniedException");
    if (!isolation.sandboxed()) {
      System.out.println(
          "ImageEntrypointIT: " + name + " not isolated: writes outside /tmp were NOT checked");
      return;
    }
    try (Stream<Path> files = Files.list(p.tmp())) {
      System.out.println(
          "ImageEntrypointIT: "
              + name
              + " wrote to /tmp: "
              + files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  private static void awaitOk(ImageProcess p, String name, String url) throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!p.alive()) {
        throw new AssertionError(name + " exited before it was ready; its log:\n" + p.log());
      }
      try {
        last = get(url).statusCode();
        if (last == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep polling
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        name
            + " not ready within "
            + READY_WITHIN
            + " (last "
            + url
            + ": "
            + last
            + "); log:\n"
            + p.log());
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends the HTTP/2 client preface and an empty SETTINGS frame; a gRPC server answers with its own
   * SETTINGS frame (type 4) first. Plain Java: the deploy module has no gRPC client.
   */
  private static boolean http2Settings(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // length 0, SETTINGS, no flags, stream 0
      out.flush();
      byte[] header = new byte[9];
      new DataInputStream(socket.getInputStream()).readFully(header);
      return header[3] == 4 && (header[4] & 1) == 0;
    }
  }

  private static Path jar(String property) {
    String value = System.getProperty(property);
    if (value == null || !Files.isRegularFile(Path.of(value))) {
      throw new IllegalStateException(
          property
              + "="
              + value
              + " is not a jar; build both first: ./mvnw -B -q -pl forecaster,scaler -am package"
              + " -DskipTests -Dfuzz.skip=true");
    }
    return Path.of(value);
  }

  private static Path shared() {
    return Path.of(System.getProperty("kedastral.shared.dir", "../shared"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
