package io.kedastral.forecaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.boot.InvalidConfigurationException;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.planner.CapacityPolicy;
import io.kedastral.forecaster.config.ForecasterSettings.Adapter;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
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
    assertThat(s.policy())
        .isEqualTo(new CapacityPolicy(100, 1.2, 0, 1, 100, 2.0, 50, 0, true, 5, false));
    assertThat(s.apiRateLimitPerClient()).isEqualTo(100);
    assertThat(s.apiMaxConcurrentPerClient()).isEqualTo(16);
  }

  @Test
  void acceptsEachLimitAtItsMaximum() {
    String longest = "a" + "-_9".repeat(83) + "bcz"; // 1 + 249 + 3 = 253 characters
    ForecasterSettings s =
        TestSettings.parse(
            "WORKLOAD",
            longest,
            "API_RATE_LIMIT_PER_CLIENT",
            "1000000",
            "API_MAX_CONCURRENT_PER_CLIENT",
            "100000",
            "PROM_TIMEOUT",
            "999999999w",
            "INTERVAL",
            "999999999w");
    assertThat(s.workload()).hasSize(253);
    assertThat(s.apiRateLimitPerClient()).isEqualTo(1_000_000);
    assertThat(s.apiMaxConcurrentPerClient()).isEqualTo(100_000);
    assertThat(TestSettings.parse("API_RATE_LIMIT_PER_CLIENT", "0").apiRateLimitPerClient())
        .isZero();
  }

  @Test
  void safetyMarginIsSpecsHeadroomByDefaultAndCalibratedOnRequest() {
    assertThat(TestSettings.parse().policy().calibratedMargin()).isFalse();
    assertThat(TestSettings.parse("SAFETY_MARGIN", " Calibrated ").policy().calibratedMargin())
        .isTrue();
    assertThatThrownBy(() -> TestSettings.parse("SAFETY_MARGIN", "p90"))
        .hasMessageContaining("SAFETY_MARGIN")
        .hasMessageContaining("calibrated or headroom");
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

  @Test
  void turnsEachModelIntoItsSpecWithOrdersAndSeason() {
    assertThat(TestSettings.parse().model()).isEqualTo(new ModelSpec.Baseline());
    assertThat(TestSettings.parse("MODEL", "AUTO").model()).isEqualTo(new ModelSpec.Auto(1440));
    assertThat(TestSettings.parse("MODEL", "arima").model())
        .isEqualTo(new ModelSpec.Arima(OrderSpec.chosen()));
    assertThat(
            TestSettings.parse("MODEL", "arima", "ARIMA_P", "2", "ARIMA_D", "0", "ARIMA_Q", " ")
                .model())
        .isEqualTo(
            new ModelSpec.Arima(
                new OrderSpec(OptionalInt.of(2), OptionalInt.of(0), OptionalInt.empty())));
    assertThat(
            TestSettings.parse(
                    "MODEL",
                    "sarima",
                    "STEP",
                    "5m",
                    "SARIMA_P",
                    "1",
                    "SARIMA_D",
                    "0",
                    "SARIMA_Q",
                    "1",
                    "SARIMA_SP",
                    "0",
                    "SARIMA_SD",
                    "1",
                    "SARIMA_SQ",
                    "1")
                .model())
        .isEqualTo(new ModelSpec.Sarima(OrderSpec.of(1, 0, 1), OrderSpec.of(0, 1, 1), 288));
    assertThat(TestSettings.parse("MODEL", "sarima", "SARIMA_S", "24").model())
        .isEqualTo(new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.chosen(), 24));
  }

  @Test
  void needsAnExplicitSeasonWhenOneDayIsNotAWholeNumberOfSteps() {
    for (String model : new String[] {"sarima", "auto"}) {
      assertThatThrownBy(() -> TestSettings.parse("MODEL", model, "STEP", "7m"))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("SARIMA_S is required with STEP=7m");
      assertThat(TestSettings.parse("MODEL", model, "STEP", "7m", "SARIMA_S", "205").model())
          .extracting(
              m -> m instanceof ModelSpec.Auto a ? a.season() : ((ModelSpec.Sarima) m).season())
          .isEqualTo(205);
    }
    assertThat(TestSettings.parse("MODEL", "baseline", "STEP", "7m").model())
        .isEqualTo(new ModelSpec.Baseline());
    assertThat(TestSettings.parse("MODEL", "arima", "STEP", "7m").model())
        .isEqualTo(new ModelSpec.Arima(OrderSpec.chosen()));
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
