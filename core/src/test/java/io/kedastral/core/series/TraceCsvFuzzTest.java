package io.kedastral.core.series;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the {@code timestamp,value} CSV reader shared by the replay source ({@code REPLAY_FILE})
 * and the backtest command ({@code --input}): any text gives samples with a time, or {@link
 * IllegalArgumentException} naming the line; nothing else escapes. Seeds: {@code
 * TraceCsvFuzzTestInputs/}.
 */
class TraceCsvFuzzTest {
  @FuzzTest
  void readsSamplesOrNamesTheBadLine(byte[] input) {
    List<String> lines = new String(input, StandardCharsets.UTF_8).lines().toList();
    List<Sample> samples;
    try {
      samples = TraceCsv.parse(lines);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).startsWith("line ");
      return;
    }
    assertThat(samples.size()).isLessThanOrEqualTo(lines.size());
    samples.forEach(s -> assertThat(s.time()).isNotNull());
  }
}
