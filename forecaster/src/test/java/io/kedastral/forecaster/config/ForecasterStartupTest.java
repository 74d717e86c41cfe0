package io.kedastral.forecaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.model.AutoModel;
import io.kedastral.core.model.BaselineModel;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.forecaster.ForecasterApplication;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Start-up with bad settings stops the real application context with a readable message. */
@ExtendWith(OutputCaptureExtension.class)
class ForecasterStartupTest {

  private static ConfigurableApplicationContext start(String... properties) {
    List<String> props =
        new ArrayList<>(
            List.of(
                "SERVER_PORT=0", "WORKLOAD=w", "METRIC=m", "ADAPTER=prometheus", "PROM_QUERY=up"));
    props.addAll(List.of(properties));
    return new SpringApplicationBuilder(ForecasterApplication.class)
        .properties(props.toArray(String[]::new))
        .run();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvFileSource(resources = "/invalid-settings.csv", delimiter = '|', quoteCharacter = '\'')
  void stopsStartUpNamingTheVariable(
      String variable, String value, String message, CapturedOutput output) {
    assertThatThrownBy(() -> start(variable + "=" + (value == null ? "" : value)).close())
        .hasStackTraceContaining(message);
    // The failure analyzer prints the problem list instead of a stack trace wall.
    assertThat(output.getOut() + output.getErr()).contains("Invalid configuration:", message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LOG_FORMAT=xml|LOG_FORMAT='xml' is invalid: allowed is text or json",
        "LOG_LEVEL=loud|LOG_LEVEL='loud' is invalid",
      })
  void stopsStartUpOnBadLogSettings(String property, String message, CapturedOutput output) {
    assertThatThrownBy(() -> start(property).close()).hasStackTraceContaining(message);
    assertThat(output.getOut() + output.getErr()).contains("Invalid configuration:", message);
  }

  @Test
  void startsWithModelAutoAndReportsItsChoice(CapturedOutput output) {
    try (ConfigurableApplicationContext ctx =
        start("ADAPTER=replay", "STEP=5m", "MODEL=auto", "INTERVAL=1h")) {
      assertThat(ctx.getBean(ForecastModel.class)).isInstanceOf(AutoModel.class);
      int candidates = ((AutoModel) ctx.getBean(ForecastModel.class)).candidates().size();
      assertThat(candidates).isEqualTo(5); // baseline, arima, sarima, seasonal naive, naive
      MeterRegistry registry = ctx.getBean(MeterRegistry.class);
      // one gauge per candidate and per combination scored (the mean of the best two, ...)
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> registry.find(ForecasterMetrics.MODEL_SELECTED).gauges().size() > candidates);
      int options = registry.find(ForecasterMetrics.MODEL_SELECTED).gauges().size();
      double chosen =
          registry.find(ForecasterMetrics.MODEL_SELECTED).gauges().stream()
              .mapToDouble(Gauge::value)
              .sum();
      assertThat(chosen).isEqualTo(1.0);
      assertThat(registry.find(ForecasterMetrics.MODEL_SELECTION_SCORE).gauges()).hasSize(options);
    }
    assertThat(output.getOut())
        .contains("model choice: auto chose ")
        .containsPattern("forecast made: model=auto:[a-z-]+.* \\[pinball90 ");
  }

  @Test
  void startsWithModelBaseline() {
    try (ConfigurableApplicationContext ctx =
        start("ADAPTER=replay", "MODEL=baseline", "INTERVAL=1h")) {
      assertThat(ctx.getBean(ForecastModel.class)).isInstanceOf(BaselineModel.class);
    }
  }

  @Test
  void startsWithValidSettingsAndJsonLogs(CapturedOutput output) {
    try (ConfigurableApplicationContext ctx =
        start("ADAPTER=replay", "LOG_FORMAT=json", "INTERVAL=1h")) {
      assertThat(ctx.getBean(ForecasterSettings.class).workload()).isEqualTo("w");
    }
    // one JSON object per line, with the workload from the MDC on the forecast decision
    assertThat(output.getOut())
        .contains("\"@timestamp\"", "\"log\":{\"level\":\"INFO\"")
        .containsPattern("\\{.*\"message\":\"forecast made: .*\"workload\":\"w\".*}");
  }
}
