package io.kedastral.core.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps of a snapshot that matter for scaling "now" with a lead time (SPEC §3.3), and the
 * largest number of replicas planned over them: the value the scaler hands KEDA.
 *
 * <p>Step {@code i} is planned for {@code t(i) = generatedAt + (i+1)·step}. With {@code age = now -
 * generatedAt} (never negative), the window holds:
 *
 * <ul>
 *   <li>the <b>next</b> step, the first with {@code t(i) > now} ({@code first = floor(age /
 *       step)}): it is always included, so a lead time shorter than a step (or zero) still yields a
 *       value;
 *   <li>every later step with {@code t(i) <= now + leadTime} ({@code last = floor((age + leadTime)
 *       / step) - 1}), cut at the end of the horizon.
 * </ul>
 *
 * Steps whose time has passed are skipped. When every step has passed (the snapshot is older than
 * its horizon) there is no window. See docs/SCALER.md for a worked example.
 *
 * @param first index of the first step in the window
 * @param last index of the last step in the window ({@code >= first})
 * @param maxReplicas the largest {@code desiredReplicas} over {@code [first, last]}
 */
public record LeadWindow(int first, int last, int maxReplicas) {

  public LeadWindow {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("need 0 <= first <= last, was " + first + ", " + last);
    }
    if (maxReplicas < 0) {
      throw new IllegalArgumentException("maxReplicas must be >= 0, was " + maxReplicas);
    }
  }

  /**
   * The window of {@code snapshot} at {@code now} looking {@code leadTime} ahead; empty when every
   * step of the snapshot lies in the past.
   *
   * @throws IllegalArgumentException when {@code leadTime} is negative
   */
  public static Optional<LeadWindow> of(Snapshot snapshot, Instant now, Duration leadTime) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(now, "now");
    if (leadTime.isNegative()) {
      throw new IllegalArgumentException("leadTime must be >= 0, was " + leadTime);
    }
    int steps = snapshot.desiredReplicas().size();
    long stepMillis = snapshot.step().toMillis();
    long ageMillis = snapshot.age(now).toMillis();
    long first = ageMillis / stepMillis;
    if (first >= steps) {
      return Optional.empty();
    }
    long reach = saturatedAdd(ageMillis, leadTime.toMillis()) / stepMillis - 1;
    int last = (int) Math.min(steps - 1L, Math.max(first, reach));
    int max = 0;
    for (int i = (int) first; i <= last; i++) {
      max = Math.max(max, snapshot.desiredReplicas().get(i));
    }
    return Optional.of(new LeadWindow((int) first, last, max));
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
