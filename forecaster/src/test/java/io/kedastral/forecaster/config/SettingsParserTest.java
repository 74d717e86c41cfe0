package io.kedastral.forecaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.planner.CapacityPolicy;
import io.kedastral.forecaster.config.ForecasterSettings.Adapter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class SettingsParserTest {

  @Test
  void parsesTheDefaults() {
    ForecasterSettings s = TestSettings.parse();
    assertThat(s.workload()).isEqualTo("my-api");
    assertThat(s.adapter()).isEqualTo(Adapter.PROMETHEUS);
    assertThat(s.promUrl()).isEqualTo(URI.create("http://localhost:9090"));
    assertThat(s.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.horizonSteps()).isEqualTo(30);
    assertThat(s.window()).isEqualTo(Duration.ofDays(7));
    assertThat(s.staleAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.policy()).isEqualTo(new CapacityPolicy(100, 1.2, 0, 1, 100, 2.0, 50, 0, true, 5));
  }

  @Test
  void acceptsLongDurationsQuantileSpellingsAndZeroMin() {
    ForecasterSettings s =
        TestSettings.parse(
            "WINDOW",
            "1w2d",
            "QUANTILE_LEVEL",
            "p90",
            "MIN_REPLICAS",
            "0",
            "PREWARM_WINDOW",
            "5m",
            "PROM_URL",
            "http://vm:8481/select/0/prometheus/");
    assertThat(s.window()).isEqualTo(Duration.ofDays(9));
    assertThat(s.policy().quantileLevel()).isEqualTo(0.9);
    assertThat(s.policy().minReplicas()).isZero();
    assertThat(s.policy().prewarmSteps()).isEqualTo(5);
    assertThat(s.promUrl().getPath()).isEqualTo("/select/0/prometheus/");
    assertThat(TestSettings.parse("QUANTILE_LEVEL", "0.95").policy().quantileLevel())
        .isEqualTo(0.95);
    assertThat(TestSettings.parse("ADAPTER", "replay", "PROM_QUERY", "").adapter())
        .isEqualTo(Adapter.REPLAY);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvFileSource(resources = "/invalid-settings.csv", delimiter = '|', quoteCharacter = '\'')
  void rejectsEachInvalidVariableNamingItAndWhatIsAllowed(
      String variable, String value, String message) {
    assertThatThrownBy(() -> TestSettings.parse(variable, value))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(message);
  }

  @Test
  void listsEveryProblemAtOnce() {
    assertThatThrownBy(() -> TestSettings.parse("STEP", "x", "HEADROOM", "0", "WORKLOAD", ""))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anyMatch(p -> p.startsWith("STEP"))
                    .anyMatch(p -> p.startsWith("HEADROOM"))
                    .anyMatch(p -> p.startsWith("WORKLOAD")));
  }
}
