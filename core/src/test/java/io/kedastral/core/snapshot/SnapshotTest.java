package io.kedastral.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00.750Z");

  static Snapshot snapshot(String workload, List<Double> values, List<Integer> replicas) {
    return new Snapshot(
        workload, "http_rps", T, 60, 60L * values.size(), values, replicas, "baseline", Map.of());
  }

  @Test
  void keepsWholeSecondsAndComputesAge() {
    Snapshot s = snapshot("my-api", List.of(1.0, 2.0), List.of(1, 1));
    assertThat(s.generatedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(s.age(T.plusSeconds(90))).isEqualTo(Duration.ofMillis(90_750));
    assertThat(s.age(T.minusSeconds(5))).isZero();
    assertThat(s.isStale(T.plusSeconds(61), Duration.ofMinutes(1))).isTrue();
    assertThat(s.isStale(T.plusSeconds(59), Duration.ofMinutes(1))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "a-", "a/b", "../x", "a b", "a%2Fb", "a\nb", "ä"})
  void rejectsInvalidWorkloadNames(String name) {
    assertThatThrownBy(() -> snapshot(name, List.of(1.0), List.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workload");
  }

  @Test
  void acceptsTheLongestValidName() {
    String name = "a" + "-".repeat(251) + "b";
    assertThat(snapshot(name, List.of(1.0), List.of(1)).workload()).hasSize(253);
    assertThatThrownBy(() -> snapshot(name + "c", List.of(1.0), List.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNonFiniteNumbersWrongLengthsAndNegativeReplicas() {
    assertThatThrownBy(() -> snapshot("w", List.of(Double.NaN), List.of(1)))
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> snapshot("w", List.of(1.0, 2.0), List.of(1)))
        .hasMessageContaining("desiredReplicas");
    assertThatThrownBy(() -> snapshot("w", List.of(1.0), List.of(-1))).hasMessageContaining(">= 0");
    assertThatThrownBy(
            () ->
                new Snapshot(
                    "w",
                    "m",
                    T,
                    60,
                    60,
                    List.of(1.0),
                    List.of(1),
                    "x",
                    Map.of("0.9", List.of(Double.POSITIVE_INFINITY))))
        .hasMessageContaining("quantile 0.9");
    assertThatThrownBy(
            () -> new Snapshot("w", "m", T, 0, 60, List.of(1.0), List.of(1), "x", Map.of()))
        .hasMessageContaining("stepSeconds");
  }

  @Test
  void refusesMoreStepsThanAnIntWithIllegalArgumentNotArithmetic() {
    // found while writing SnapshotFuzzTest: horizonSeconds / stepSeconds past int range threw
    // ArithmeticException from Math.toIntExact, which no caller expected
    assertThatThrownBy(
            () ->
                new Snapshot(
                    "w", "m", T, 1, Long.MAX_VALUE, List.of(1.0), List.of(1), "x", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1000000");
  }

  @Test
  void inMemoryStoreKeepsTheLatestPerWorkload() {
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    assertThat(store.get("a")).isEmpty();
    store.put(snapshot("b", List.of(1.0), List.of(1)));
    store.put(snapshot("a", List.of(1.0), List.of(1)));
    store.put(snapshot("a", List.of(2.0), List.of(2)));
    assertThat(store.get("a")).get().extracting(Snapshot::values).isEqualTo(List.of(2.0));
    assertThat(store.workloads()).containsExactly("a", "b");
  }
}
