package io.kedastral.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccuracyProtocolTest {

  @Test
  void benchmarkDefaultsFollowBenchmarksMd() {
    assertThat(AccuracyProtocol.benchmarkDefaults(Duration.ofMinutes(30)))
        .isEqualTo(new AccuracyProtocol(4, 7 * 48, 4, 48, 0.75));
    assertThat(AccuracyProtocol.benchmarkDefaults(Duration.ofMinutes(5)))
        .isEqualTo(new AccuracyProtocol(12, 7 * 288, 12, 288, 0.75));
    assertThat(AccuracyProtocol.benchmarkDefaults(Duration.ofMinutes(1)))
        .isEqualTo(new AccuracyProtocol(60, 7 * 1440, 60, 1440, 0.75));
    assertThat(AccuracyProtocol.benchmarkDefaults(Duration.ofHours(1)))
        .isEqualTo(new AccuracyProtocol(2, 7 * 24, 2, 24, 0.75));
  }

  @Test
  void originsStartAtThreeQuartersAndStepByTheStrideWhileTheHorizonFits() {
    AccuracyProtocol p = new AccuracyProtocol(2, 4, 2, 2, 0.75);

    assertThat(p.origins(12)).containsExactly(9);
    assertThat(p.origins(13)).containsExactly(9, 11);
  }

  @Test
  void originCountsMatchTheReferenceTable() {
    assertThat(AccuracyProtocol.benchmarkDefaults(Duration.ofMinutes(30)).origins(10_320))
        .hasSize(645)
        .startsWith(7740);
    assertThat(AccuracyProtocol.benchmarkDefaults(Duration.ofMinutes(5)).origins(4032))
        .hasSize(84)
        .startsWith(3024);
  }

  @Test
  void skipsOriginsWithoutAFullWindowBeforeThem() {
    AccuracyProtocol p = new AccuracyProtocol(1, 6, 2, 2, 0.5);

    assertThat(p.origins(10)).containsExactly(7, 9);
  }

  @Test
  void rejectsInconsistentSettings() {
    assertThatThrownBy(() -> new AccuracyProtocol(0, 4, 1, 2, 0.75))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AccuracyProtocol(1, 2, 1, 2, 0.75))
        .hasMessageContaining("longer than the season");
    assertThatThrownBy(() -> new AccuracyProtocol(1, 4, 1, 2, 1.0))
        .hasMessageContaining("firstOriginFraction");
  }
}
