package io.kedastral.forecaster.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code java -jar forecaster.jar backtest ...} runs the command, not the service. */
class BacktestJarIT {
  @TempDir Path dir;

  private static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("forecaster-.*\\.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no forecaster jar in target/: run package"));
    }
  }

  private record Result(int exit, String out, String err) {}

  private Result java(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar().toString(), "backtest"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("backtest finished").isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void runsTheBacktestFromTheJarWithoutStartingTheService() throws Exception {
    Path trace = SharedData.dir().resolve("data/nab/ec2_network_in_257a54.csv");
    Path chart = dir.resolve("c.png");

    Result r =
        java(
            "--input=" + trace,
            "--model=auto",
            "--target-per-pod=1000000",
            "--output=json",
            "--first-origin=0.75",
            "--chart=" + chart,
            "--progress");

    assertThat(r.exit()).as(r.err()).isZero();
    // stdout is exactly one JSON document; the progress bar went to stderr; no Spring, no server
    var json = JsonMapper.builder().build().readTree(r.out());
    assertThat(json.get("model").asString()).isEqualTo("auto");
    assertThat(r.err()).contains("100% ").doesNotContain("Spring", "Tomcat", "Started");
    assertThat(Files.size(chart)).isPositive();
  }

  @Test
  void exitsWithTwoOnABadArgument() throws Exception {
    Result r = java("--input=x.csv", "--lead-time=never");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("backtest: --lead-time='never' is invalid");
    assertThat(r.out()).isEmpty();
  }
}
