package io.kedastral.scaler.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kedastral.core.snapshot.Snapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Fuzzes the scaler's reading of a forecaster answer body (what a compromised or broken forecaster
 * could send): any bytes give a valid snapshot of the asked workload or a {@link
 * SnapshotUnavailableException} (answered {@code UNAVAILABLE} to KEDA); never another exception, a
 * stack overflow on deep nesting, or a snapshot with a non-finite number or negative replicas.
 * Seeds: {@code SnapshotParsingFuzzTestInputs/} (a valid snapshot, 10,000 '[', NaN and Infinity
 * tokens, wrong types, a 10^5-element array).
 */
class SnapshotParsingFuzzTest {
  private static final ForecastClient CLIENT =
      new ForecastClient(
          HttpClient.newHttpClient(),
          URI.create("http://127.0.0.1:1"),
          Duration.ofSeconds(1),
          ForecastClient.snapshotReader(),
          ForecastClient.MAX_BODY_BYTES);

  @FuzzTest
  void parsesAValidSnapshotOrIsUnavailable(byte[] body) {
    Snapshot s;
    try {
      s = CLIENT.parse("my-api", body);
    } catch (SnapshotUnavailableException unavailable) {
      assertThat(unavailable.getMessage()).isNotBlank();
      return;
    }
    assertThat(s.workload()).isEqualTo("my-api");
    assertThat(s.values()).allMatch(Double::isFinite);
    assertThat(s.desiredReplicas()).allMatch(r -> r >= 0);
  }
}
