package io.kedastral.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SnapshotStore} guarantees, run against each implementation: extend it and
 * return a store that starts empty. Shipped in core's test-jar.
 */
public abstract class SnapshotStoreContract {
  protected static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private SnapshotStore store;

  /** A store holding no snapshot. Called before each test. */
  protected abstract SnapshotStore emptyStore();

  @BeforeEach
  void createStore() {
    store = emptyStore();
  }

  /** A valid snapshot of {@code steps} one-minute steps with a p90 band. */
  public static Snapshot snapshot(String workload, Instant generatedAt, int steps) {
    List<Double> values = new ArrayList<>();
    List<Double> p90 = new ArrayList<>();
    List<Integer> replicas = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      values.add(400 + 25 * Math.sin(i / 7.0) + i / 3.0);
      p90.add(values.get(i) * 1.1);
      replicas.add(5 + i % 3);
    }
    return new Snapshot(
        workload,
        "http_rps",
        generatedAt,
        60,
        60L * steps,
        values,
        replicas,
        "baseline(daily)",
        Map.of("0.9", p90));
  }

  @Test
  void anUnknownWorkloadHasNoSnapshot() {
    assertThat(store.get("nobody")).isEmpty();
    assertThat(store.workloads()).isEmpty();
  }

  @Test
  void returnsWhatWasPutFieldForField() {
    Snapshot s = snapshot("my-api", T0, 30);
    store.put(s);
    assertThat(store.get("my-api")).contains(s);
  }

  @Test
  void roundTripsQuantilesAndALongHorizonExactly() {
    Snapshot base = snapshot("long-horizon", T0, 1440);
    Map<String, List<Double>> quantiles = new LinkedHashMap<>();
    quantiles.put("0.5", base.values());
    quantiles.put("0.9", base.quantiles().get("0.9"));
    quantiles.put("0.95", base.values().stream().map(v -> v * 1.2).toList());
    List<Double> awkward = new ArrayList<>(base.values());
    // numbers whose decimal form is long or extreme must come back bit for bit
    awkward.set(0, 0.1 + 0.2);
    awkward.set(1, 1e-300);
    awkward.set(2, 1.7976931348623157e308);
    awkward.set(3, -0.0);
    awkward.set(4, 123456789.123456789);
    Snapshot s =
        new Snapshot(
            "long-horizon",
            "queue_depth",
            T0,
            60,
            86_400,
            awkward,
            base.desiredReplicas(),
            "sarima(1,0,1)(0,1,1)[1440]",
            quantiles);
    store.put(s);
    Snapshot back = store.get("long-horizon").orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.quantiles()).containsOnlyKeys("0.5", "0.9", "0.95");
  }

  @Test
  void aSnapshotWithoutQuantilesOrModelStores() {
    Snapshot s =
        new Snapshot("plain", "m", T0, 300, 600, List.of(1.0, 2.0), List.of(0, 1), null, null);
    store.put(s);
    assertThat(store.get("plain")).contains(s);
  }

  @Test
  void aNewerSnapshotReplacesTheCurrentOne() {
    store.put(snapshot("my-api", T0, 30));
    Snapshot newer = snapshot("my-api", T0.plusSeconds(30), 30);
    store.put(newer);
    assertThat(store.get("my-api")).contains(newer);
    assertThat(store.workloads()).containsExactly("my-api");
  }

  @Test
  void workloadsAreIsolatedAndListedSorted() {
    List<String> names = new ArrayList<>(List.of("b-api", "a_api", "c", "A1", "zz-top"));
    Collections.shuffle(names, new java.util.Random(7));
    for (String name : names) {
      store.put(snapshot(name, T0, 5));
    }
    assertThat(store.workloads()).containsExactly("A1", "a_api", "b-api", "c", "zz-top");
    assertThat(store.get("b-api").orElseThrow().workload()).isEqualTo("b-api");
    assertThat(store.get("b")).isEmpty();
  }

  @Test
  void manyWorkloadsAreAllListed() {
    for (int i = 0; i < 250; i++) {
      store.put(snapshot("w" + i, T0, 1));
    }
    assertThat(store.workloads()).hasSize(250).contains("w0", "w249").isSorted();
  }
}
