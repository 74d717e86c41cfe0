package io.kedastral.forecaster.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kedastral.core.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the reading of a snapshot stored in Redis (anyone who can write to Redis controls these
 * bytes): any value gives a valid snapshot that writes back to JSON, or {@link
 * IllegalArgumentException} (read as absent and counted by the store); nothing else escapes. Seeds:
 * {@code SnapshotJsonFuzzTestInputs/}.
 */
class SnapshotJsonFuzzTest {
  private static final SnapshotJson JSON = new SnapshotJson(JsonMapper.builder().build());

  @FuzzTest
  void readsAValidSnapshotOrRefusesIt(byte[] value) {
    Snapshot s;
    try {
      s = JSON.read(new String(value, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).startsWith("not a snapshot");
      return;
    }
    assertThat(s).isNotNull();
    assertThat(JSON.read(JSON.write(s))).isEqualTo(s);
  }
}
