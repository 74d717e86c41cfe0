package io.kedastral.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadWindowTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** Six 1-minute steps planned for 10:01 .. 10:06. */
  private static Snapshot snapshot(Integer... replicas) {
    List<Double> values = DoubleStream.generate(() -> 1.0).limit(replicas.length).boxed().toList();
    return new Snapshot(
        "w", "m", T0, 60, 60L * replicas.length, values, List.of(replicas), "", Map.of());
  }

  private static final Snapshot PLAN = snapshot(2, 3, 7, 4, 5, 1);

  @ParameterizedTest(name = "age {0}s, lead {1}s -> steps {2}..{3}, max {4}")
  @CsvSource({
    // fresh snapshot: 10:01 and 10:02 are within (10:00, 10:02]
    "0, 120, 0, 1, 3",
    // 1 s later 10:03 is not yet within (10:00:01, 10:02:01]
    "1, 120, 0, 1, 3",
    // exactly one lead later the boundary step is included (closed at the right)
    "60, 120, 1, 2, 7",
    // steps already in the past are skipped: at 10:02:30 the next step is 10:03
    "150, 60, 2, 2, 7",
    "150, 120, 2, 3, 7",
    "181, 60, 3, 3, 4",
    // the lead window reaches past the horizon: what is there is used
    "200, 3600, 3, 5, 5",
    // a lead shorter than a step, or zero, still gives the next step
    "0, 0, 0, 0, 2",
    "30, 10, 0, 0, 2",
    // the last step: 10:06 is still ahead at 10:05:59
    "359, 600, 5, 5, 1",
  })
  void returnsMaxReplicasWithinLeadWindow(
      long ageSeconds, long leadSeconds, int first, int last, int max) {
    assertThat(LeadWindow.of(PLAN, T0.plusSeconds(ageSeconds), Duration.ofSeconds(leadSeconds)))
        .contains(new LeadWindow(first, last, max));
  }

  @Test
  void isEmptyWhenEveryStepHasPassed() {
    assertThat(LeadWindow.of(PLAN, T0.plusSeconds(360), Duration.ofMinutes(5))).isEmpty();
    assertThat(LeadWindow.of(PLAN, T0.plus(Duration.ofDays(400)), Duration.ofDays(9999))).isEmpty();
  }

  @Test
  void treatsASnapshotFromTheFutureAsFresh() {
    assertThat(LeadWindow.of(PLAN, T0.minusSeconds(30), Duration.ofMinutes(1)))
        .contains(new LeadWindow(0, 0, 2));
  }

  @Test
  void doesNotOverflowOnHugeLeadTimes() {
    Duration huge = Duration.ofMillis(Long.MAX_VALUE);
    assertThat(LeadWindow.of(PLAN, T0.plusSeconds(61), huge)).contains(new LeadWindow(1, 5, 7));
  }

  @Test
  void rejectsNegativeLeadTimeAndInvalidWindows() {
    assertThatThrownBy(() -> LeadWindow.of(PLAN, T0, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leadTime");
    assertThatThrownBy(() -> new LeadWindow(2, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LeadWindow(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
