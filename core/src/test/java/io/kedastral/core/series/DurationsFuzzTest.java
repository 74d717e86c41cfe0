package io.kedastral.core.series;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fuzzes the duration grammar of every *_TIMEOUT, STEP, LEAD_TIME, leadTime metadata, ...: any text
 * parses to a duration that fits in milliseconds and prints back to itself, or is refused with
 * {@link IllegalArgumentException}; nothing else escapes. Seeds: {@code DurationsFuzzTestInputs/}.
 */
class DurationsFuzzTest {
  @FuzzTest
  void parsesOrRefusesAndPrintsBackTheSameDuration(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(d).isNotNull();
    long millis = d.toMillis(); // documented: never overflows
    if (!d.isNegative() && d.getNano() % 1_000_000 == 0) {
      assertThat(Durations.parse(Durations.format(d)).toMillis()).isEqualTo(millis);
    }
  }
}
