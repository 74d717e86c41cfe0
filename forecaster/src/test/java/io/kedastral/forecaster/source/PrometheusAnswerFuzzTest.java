package io.kedastral.forecaster.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kedastral.core.source.MetricSourceException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the reading of a Prometheus/VictoriaMetrics {@code query_range} answer (status code and
 * body): any answer gives sums per timestamp, a {@link MetricSourceException} with a reason (a
 * failed tick, the last snapshot kept), or, for bytes that are not JSON, a {@link JacksonException}
 * (reported as {@code malformed} by the caller); nothing else escapes. Seeds: {@code
 * PrometheusAnswerFuzzTestInputs/}.
 */
class PrometheusAnswerFuzzTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @FuzzTest
  void sumsTheMatrixOrFailsTheTickWithAReason(FuzzedDataProvider data) {
    int status = data.pickValue(new int[] {200, 400, 422, 500, 503});
    String body = data.consumeRemainingAsString();
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException notJson) {
      return;
    }
    Map<Instant, double[]> sums = new HashMap<>();
    try {
      PrometheusMetricSource.accumulate(PrometheusMetricSource.result(status, root), sums);
    } catch (MetricSourceException failed) {
      assertThat(failed.reason()).isNotBlank();
      assertThat(failed.getMessage()).hasSizeLessThan(1_000);
      return;
    }
    sums.values().forEach(acc -> assertThat(Double.isNaN(acc[0]) || acc[1] >= 0).isTrue());
  }
}
