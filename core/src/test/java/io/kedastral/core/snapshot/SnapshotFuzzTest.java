package io.kedastral.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the validation of the core {@link Snapshot} (what both the forecaster's Redis reader and
 * the scaler's forecast client rely on): any field values either make a snapshot that keeps every
 * invariant (a valid name, as many finite values, non-negative replicas and finite quantiles as
 * steps) or are refused with {@link IllegalArgumentException} or {@link NullPointerException} (a
 * missing field); nothing else escapes. Seeds: {@code SnapshotFuzzTestInputs/}.
 */
class SnapshotFuzzTest {
  @FuzzTest
  void buildsOnlyValidSnapshots(FuzzedDataProvider data) {
    String workload = data.consumeBoolean() ? null : data.consumeString(300);
    String metric = data.consumeBoolean() ? null : data.consumeString(20);
    Instant generatedAt =
        data.consumeBoolean()
            ? null
            : Instant.ofEpochSecond(data.consumeLong(-10_000_000_000L, 10_000_000_000L));
    long step = data.consumeLong();
    long horizon = data.consumeLong();
    List<Double> values = doubles(data);
    List<Integer> replicas = new ArrayList<>();
    int n = data.consumeInt(0, 40);
    for (int i = 0; i < n; i++) {
      replicas.add(data.consumeBoolean() ? null : data.consumeInt());
    }
    Map<String, List<Double>> quantiles = new HashMap<>();
    int q = data.consumeInt(0, 3);
    for (int i = 0; i < q; i++) {
      quantiles.put(data.consumeString(5), doubles(data));
    }
    Snapshot s;
    try {
      s =
          new Snapshot(
              workload,
              metric,
              generatedAt,
              step,
              horizon,
              values,
              data.consumeBoolean() ? null : replicas,
              data.consumeBoolean() ? null : data.consumeString(20),
              data.consumeBoolean() ? null : quantiles);
    } catch (IllegalArgumentException | NullPointerException refused) {
      return;
    }
    int steps = s.values().size();
    assertThat(Snapshot.WORKLOAD_NAME.matcher(s.workload()).matches()).isTrue();
    assertThat((long) steps).isEqualTo(s.horizonSeconds() / s.stepSeconds()).isPositive();
    assertThat(s.values()).allMatch(Double::isFinite);
    assertThat(s.desiredReplicas()).hasSize(steps).allMatch(r -> r >= 0);
    s.quantiles().values().forEach(v -> assertThat(v).hasSize(steps).allMatch(Double::isFinite));
  }

  private static List<Double> doubles(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return null;
    }
    List<Double> list = new ArrayList<>();
    int n = data.consumeInt(0, 40);
    for (int i = 0; i < n; i++) {
      list.add(data.consumeBoolean() ? null : data.consumeDouble());
    }
    return list;
  }
}
