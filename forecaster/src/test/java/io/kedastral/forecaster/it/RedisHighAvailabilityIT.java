package io.kedastral.forecaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.forecaster.ForecasterApplication;
import io.kedastral.forecaster.config.ForecasterProperties;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.loop.ForecastLoop;
import io.kedastral.forecaster.loop.Leadership;
import io.kedastral.forecaster.testsupport.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forecaster replicas sharing a real Redis (SPEC §1.4): one writer, the same snapshot from every
 * replica, take-over when the leader goes, and Redis outages. INTERVAL is 1 s, 2 s with two
 * replicas.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisHighAvailabilityIT {
  @RegisterExtension static final RedisServer redis = new RedisServer();

  private static final String WORKLOAD = "shop";
  private static final String KEY = "kedastral:snapshot:" + WORKLOAD;

  /** Of the two-replica test: with 2 s (lease 4 s) a loaded CI machine does not lose leases. */
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeEach
  void emptyRedis() {
    redis.command("FLUSHALL");
  }

  private ConfigurableApplicationContext start(String... extra) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("SERVER_PORT", "0");
    props.put("WORKLOAD", WORKLOAD);
    props.put("METRIC", "tweets_per_5m");
    props.put("ADAPTER", "replay");
    props.put("STEP", "5m");
    props.put("HORIZON", "1h");
    props.put("INTERVAL", "1s");
    props.put("TARGET_PER_POD", "20");
    props.put("STORAGE", "redis");
    props.put("REDIS_ADDR", redis.address());
    props.put("REDIS_PASSWORD", redis.password());
    for (int i = 0; i < extra.length; i += 2) {
      props.put(extra[i], extra[i + 1]);
    }
    return new SpringApplicationBuilder(ForecasterApplication.class).properties(props).run();
  }

  private HttpResponse<String> get(ConfigurableApplicationContext ctx, String path)
      throws Exception {
    int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> current(ConfigurableApplicationContext ctx) throws Exception {
    return get(ctx, "/forecast/current?workload=" + WORKLOAD);
  }

  private static boolean leads(ConfigurableApplicationContext ctx) {
    return ctx.getBean(Leadership.class).isLeader();
  }

  private static ForecastLoop loop(ConfigurableApplicationContext ctx) {
    return ctx.getBean(ForecastLoop.class);
  }

  private Instant storedGeneratedAt() {
    String value = redis.command("GET", KEY);
    return value == null
        ? Instant.EPOCH
        : Instant.parse(json.readTree(value).get("generatedAt").asString());
  }

  private double metric(ConfigurableApplicationContext ctx, String series) throws Exception {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
            .matcher(get(ctx, "/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void oneReplicaWritesBothServeItAndTheOtherTakesOverWhenTheLeaderStops() throws Exception {
    try (var a = start("INTERVAL", "2s");
        var b = start("INTERVAL", "2s")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> redis.command("GET", KEY) != null);
      Thread.sleep(2 * INTERVAL.toMillis()); // both have ticked
      assertThat(List.of(leads(a), leads(b))).as("exactly one leader").containsOnlyOnce(true);
      ConfigurableApplicationContext leader = leads(a) ? a : b;
      ConfigurableApplicationContext follower = leader == a ? b : a;
      assertThat(loop(follower).lastPublished()).as("the follower computes nothing").isEmpty();
      assertThat(metric(leader, "kedastral_leader{workload=\"shop\"}")).isEqualTo(1);
      assertThat(metric(follower, "kedastral_leader{workload=\"shop\"}")).isEqualTo(0);
      for (var ctx : List.of(a, b)) {
        assertThat(metric(ctx, fenced())).isZero();
      }
      // every replica serves exactly the stored JSON (retry: a new snapshot comes every second)
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                String fromFollower = current(follower).body();
                String stored = redis.command("GET", KEY);
                String fromLeader = current(leader).body();
                return fromFollower.equals(stored) && fromLeader.equals(stored);
              });
      assertThat(get(follower, "/readyz").statusCode()).isEqualTo(200);
      assertThat(metric(follower, "kedastral_desired_replicas{workload=\"shop\"}"))
          .as("the follower's gauges mirror the stored snapshot")
          .isPositive();

      Instant lastByLeader = storedGeneratedAt();
      leader.close(); // SIGTERM: stops the loop and releases the lease
      Instant closed = Instant.now();
      await()
          .atMost(INTERVAL.multipliedBy(3))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> loop(follower).lastPublished().isPresent());
      Duration takeover = Duration.between(closed, Instant.now());
      await().atMost(Duration.ofSeconds(3)).until(() -> storedGeneratedAt().isAfter(lastByLeader));
      assertThat(leads(follower)).isTrue();
      assertThat(redis.command("GET", "kedastral:lease:" + WORKLOAD)).isNotNull();
      System.out.printf("take-over after a graceful stop: %d ms%n", takeover.toMillis());
    }
  }

  @Test
  void aRedisRestartLosesNoForecastAndWritesResume(CapturedOutput output) throws Exception {
    try (var ctx = start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> redis.command("GET", KEY) != null);
      redis.kill();
      try {
        HttpResponse<String> down = current(ctx);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(down.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("error").asString()).isEqualTo("snapshot store unavailable");
        assertThat(down.body()).doesNotContain("Exception", redis.password());
        assertThat(get(ctx, "/workloads").statusCode()).isEqualTo(503);
        assertThat(get(ctx, "/readyz").statusCode()).isEqualTo(503);
        assertThat(get(ctx, "/healthz").statusCode()).isEqualTo(200);
        // the leader goes on forecasting in memory
        Instant before = loop(ctx).lastPublished().orElseThrow().generatedAt();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> loop(ctx).lastPublished().orElseThrow().generatedAt().isAfter(before));
        assertThat(metric(ctx, unavailable())).isPositive();
      } finally {
        redis.restart();
      }
      // the restarted Redis is empty; the next write fills it again
      await().atMost(Duration.ofSeconds(15)).until(() -> redis.command("GET", KEY) != null);
      assertThat(current(ctx).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> get(ctx, "/readyz").statusCode() == 200);
      assertThat(ctx.isRunning()).isTrue();
    }
    assertThat(output.getAll()).doesNotContain(redis.password());
  }

  @Test
  void startsUnreadyWhileRedisIsUnreachableAndBecomesReadyWhenItComes(CapturedOutput output)
      throws Exception {
    redis.kill();
    ConfigurableApplicationContext ctx;
    try {
      ctx = start();
      assertThat(output.getAll())
          .contains("snapshot store: redis at " + redis.address() + " (database 0) is unreachable");
      assertThat(get(ctx, "/readyz").statusCode()).isEqualTo(503);
      assertThat(current(ctx).statusCode()).isEqualTo(503);
      assertThat(get(ctx, "/healthz").statusCode()).isEqualTo(200);
    } finally {
      redis.restart();
    }
    try (ctx) {
      await().atMost(Duration.ofSeconds(15)).until(() -> current(ctx).statusCode() == 200);
      assertThat(get(ctx, "/readyz").statusCode()).isEqualTo(200);
      assertThat(leads(ctx)).isTrue();
    }
  }

  @Test
  void aWrongPasswordStopsStartUpWithAClearMessage(CapturedOutput output) {
    assertThatThrownBy(() -> start("REDIS_PASSWORD", "not-the-password-42").close())
        .hasStackTraceContaining("REDIS_PASSWORD is rejected by Redis at " + redis.address());
    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("REDIS_PASSWORD is rejected by Redis at " + redis.address() + " (database 0)")
        .contains("WRONGPASS")
        .doesNotContain("not-the-password-42")
        .doesNotContain("at io.lettuce");
  }

  @Test
  void thePasswordIsNeverShown(CapturedOutput output) throws Exception {
    try (var ctx = start("REDIS_DB", "2")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> current(ctx).statusCode() == 200);
      assertThat(redis.command("GET", KEY)).as("database 0 is untouched").isNull();
      for (String path :
          List.of(
              "/actuator/env",
              "/actuator/configprops",
              "/env",
              "/configprops",
              "/actuator",
              "/actuator/health")) {
        HttpResponse<String> r = get(ctx, path);
        assertThat(r.body()).as(path).doesNotContain(redis.password());
        if (!path.endsWith("health")) {
          assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
      }
      assertThat(ctx.getBean(ForecasterProperties.class).toString())
          .doesNotContain(redis.password());
      assertThat(ctx.getBean(ForecasterSettings.class).toString())
          .doesNotContain(redis.password())
          .contains("<hidden>");
      assertThat(get(ctx, "/metrics").body()).doesNotContain(redis.password());
      Snapshot served = json.readValue(current(ctx).body(), Snapshot.class);
      assertThat(served.workload()).isEqualTo(WORKLOAD);
    }
    assertThat(output.getAll())
        .contains("snapshot store: redis at " + redis.address() + " (database 2)")
        .doesNotContain(redis.password());
  }

  private static String fenced() {
    return "kedastral_errors_total{component=\"store\",reason=\"fenced\",workload=\"shop\"}";
  }

  private static String unavailable() {
    return "kedastral_errors_total{component=\"store\",reason=\"unavailable\",workload=\"shop\"}";
  }
}
