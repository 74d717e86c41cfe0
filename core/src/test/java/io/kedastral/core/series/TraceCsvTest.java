package io.kedastral.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCsvTest {
  @Test
  void readsAllThreeTimestampFormsAndSkipsTheHeader() {
    List<Sample> s =
        TraceCsv.parse(
            List.of(
                "timestamp,value",
                "2015-02-26 21:42:53,104",
                "2015-02-26T21:47:53Z,100.5",
                "",
                "1424987573,NaN",
                "\"2015-02-26T22:57:53+01:00\",\"7\""));
    assertThat(s)
        .extracting(Sample::time)
        .containsExactly(
            Instant.parse("2015-02-26T21:42:53Z"),
            Instant.parse("2015-02-26T21:47:53Z"),
            Instant.parse("2015-02-26T21:52:53Z"),
            Instant.parse("2015-02-26T21:57:53Z"));
    assertThat(s.get(1).value()).isEqualTo(100.5);
    assertThat(s.get(2).value()).isNaN();
  }

  @Test
  void acceptsFractionsASpaceBeforeAnOffsetAndALocalTimeAsUtc() {
    Instant t = Instant.parse("2015-02-26T21:42:53.250Z");
    assertThat(TraceCsv.parseTime("2015-02-26 21:42:53.25")).isEqualTo(t);
    assertThat(TraceCsv.parseTime("2015-02-26 21:42:53.250Z")).isEqualTo(t);
    assertThat(TraceCsv.parseTime("2015-02-26 22:42:53.25+01:00")).isEqualTo(t);
    assertThat(TraceCsv.parseTime("2015-02-26T21:42:53.25")).isEqualTo(t);
    assertThat(TraceCsv.parseTime("2015-02-26T16:42:53.250-05:00")).isEqualTo(t);
    assertThat(TraceCsv.parseTime("1424986973.25")).isEqualTo(t);
  }

  @Test
  void namesTheBadLine() {
    assertThatThrownBy(() -> TraceCsv.parse(List.of("timestamp,value", "2015-02-26 21:42:53,x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> TraceCsv.parse(List.of("1,2", "no comma here")))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> TraceCsv.parse(List.of("2015-13-40 99:00:00,1")))
        .hasMessageContaining("line 1");
  }
}
