package io.kedastral.core.backtest;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.planner.CapacityPlanner;
import io.kedastral.core.planner.CapacityPolicy;
import io.kedastral.core.series.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Replays a series walk-forward through a model and the real {@link CapacityPlanner}, and scores
 * the replicas that would have been running against the replicas needed (SPEC §4; definitions and a
 * worked example in {@code docs/BACKTEST.md}).
 *
 * <p>With lead time {@code L = policy.leadSteps()} steps: the plan made from the data up to index
 * {@code o-1} (origin {@code o}) is acted on from time {@code o-1}. The replicas running at step
 * {@code t} are the ones requested one lead time earlier, at {@code t-L}: the maximum of the newest
 * plan's replicas over the steps {@code (t-L, t]} (what the scaler asks for, SPEC §3.3), where the
 * newest plan is the one of the last origin with {@code o-1 <= t-L}. With {@code L = 0} pods start
 * instantly and the plan's own value for {@code t} runs. The reactive policy runs {@code
 * clamp(ceil(y[t-L] / TARGET_PER_POD))}; the oracle {@code min(MAX, needed_t)} with {@code needed_t
 * = max(MIN, ceil(y[t] / TARGET_PER_POD))}.
 */
public final class CapacityBacktest {
  private CapacityBacktest() {}

  /** Told how far the walk has come. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(int done, int total);
  }

  /**
   * Runs the backtest.
   *
   * @param nanoTime monotonic nanosecond source that times each fit+forecast
   * @throws IllegalArgumentException when the series leaves no origin, or when {@code stride} plus
   *     the lead time does not fit in the horizon (some steps would have no plan in effect)
   */
  public static CapacityReport run(
      TimeSeries series,
      ForecastModel model,
      AccuracyProtocol protocol,
      CapacityPolicy policy,
      LongSupplier nanoTime,
      Progress progress) {
    int lead = policy.leadSteps();
    if (protocol.stride() + Math.max(lead, 1) - 1 > protocol.horizon()) {
      throw new IllegalArgumentException(
          "stride ("
              + protocol.stride()
              + " steps) plus lead time ("
              + lead
              + " steps) must fit in the horizon ("
              + protocol.horizon()
              + " steps), else some steps have no plan in effect");
    }
    CapacityPlanner planner = new CapacityPlanner(policy);
    int total = protocol.origins(series.size()).size();
    List<Plan> plans = new ArrayList<>();
    List<Double> levels = policy.quantileLevelsNeeded();
    AccuracyReport accuracy =
        WalkForward.run(
            series,
            model,
            protocol,
            levels,
            nanoTime,
            (index, origin, f) -> {
              OptionalInt previous =
                  plans.isEmpty()
                      ? OptionalInt.empty()
                      : OptionalInt.of(plans.getLast().replicas()[0]);
              int[] r = planner.plan(f, previous, OptionalDouble.of(series.valueAt(origin - 1)));
              plans.add(new Plan(origin, f, r));
              progress.update(index + 1, total);
            });
    CapacityTimeline timeline = timeline(series, plans, policy, protocol.horizon());
    return new CapacityReport(
        accuracy,
        CapacityFigures.of("forecast", timeline.forecastReplicas(), timeline.needed()),
        CapacityFigures.of("reactive", timeline.reactiveReplicas(), timeline.needed()),
        CapacityFigures.of("oracle", timeline.oracleReplicas(), timeline.needed()),
        timeline,
        points(series, plans));
  }

  /** One origin's forecast and the replicas planned from it. */
  private record Plan(int origin, Forecast forecast, int[] replicas) {}

  private static CapacityTimeline timeline(
      TimeSeries series, List<Plan> plans, CapacityPolicy policy, int horizon) {
    int first = plans.getFirst().origin() + Math.max(policy.leadSteps(), 1) - 1;
    int n = Math.min(series.size(), plans.getLast().origin() + horizon) - first;
    double[] actual = new double[n];
    double[] forecast = new double[n];
    double[] p90 = new double[n];
    int newest = 0; // the newest forecast: the last with origin <= t
    for (int i = 0; i < n; i++) {
      int t = first + i;
      newest = lastPlanUpTo(plans, newest, t);
      Plan latest = plans.get(newest);
      double[] q = latest.forecast().quantiles().get(ErrorTotals.PINBALL_LEVEL);
      actual[i] = series.valueAt(t);
      forecast[i] = latest.forecast().valueAt(t - latest.origin());
      p90[i] = q == null ? Double.NaN : q[t - latest.origin()];
    }
    int[][] replicas = replicas(series, plans, policy, first, n);
    return new CapacityTimeline(
        series.timeAt(first),
        series.step(),
        actual,
        forecast,
        p90,
        replicas[0],
        replicas[1],
        replicas[2],
        replicas[3]);
  }

  /** Needed, forecast-plan, reactive and oracle replicas for the steps {@code first ..}. */
  private static int[][] replicas(
      TimeSeries series, List<Plan> plans, CapacityPolicy policy, int first, int n) {
    int lead = policy.leadSteps();
    int[][] r = new int[4][n];
    int acting = 0; // the plan in effect: the last with origin - 1 <= t - max(L, 1)
    for (int i = 0; i < n; i++) {
      int t = first + i;
      acting = lastPlanUpTo(plans, acting, t - Math.max(lead, 1) + 1);
      r[0][i] = Math.max(policy.minReplicas(), replicasFor(series.valueAt(t), policy));
      r[1][i] = inEffect(plans.get(acting), t, lead);
      r[2][i] = clamp(policy, replicasFor(series.valueAt(t - lead), policy));
      r[3][i] = Math.min(policy.maxReplicas(), r[0][i]);
    }
    return r;
  }

  /** {@code ceil(value / targetPerPod)}, negative load counted as 0; no bounds. */
  private static int replicasFor(double value, CapacityPolicy policy) {
    return CapacityPlanner.ceil(Math.max(0, value) / policy.targetPerPod());
  }

  /** The index of the last plan with {@code origin <= limit}, searching on from {@code from}. */
  private static int lastPlanUpTo(List<Plan> plans, int from, int limit) {
    int k = from;
    while (k + 1 < plans.size() && plans.get(k + 1).origin() <= limit) {
      k++;
    }
    return k;
  }

  /** The replicas requested at {@code t - lead} from {@code plan}, running at {@code t}. */
  private static int inEffect(Plan plan, int t, int lead) {
    int[] r = plan.replicas();
    int max = r[t - plan.origin()];
    for (int k = Math.max(plan.origin(), t - lead + 1); k < t; k++) {
      max = Math.max(max, r[k - plan.origin()]);
    }
    return max;
  }

  private static int clamp(CapacityPolicy policy, int r) {
    return Math.max(policy.minReplicas(), Math.min(policy.maxReplicas(), r));
  }

  private static List<ForecastPoint> points(TimeSeries series, List<Plan> plans) {
    List<ForecastPoint> out = new ArrayList<>();
    for (Plan p : plans) {
      double[] q = p.forecast().quantiles().get(ErrorTotals.PINBALL_LEVEL);
      for (int h = 0; h < p.forecast().horizon(); h++) {
        int t = p.origin() + h;
        out.add(
            new ForecastPoint(
                series.timeAt(p.origin() - 1),
                series.timeAt(t),
                h + 1,
                series.valueAt(t),
                p.forecast().valueAt(h),
                q == null ? OptionalDouble.empty() : OptionalDouble.of(q[h])));
      }
    }
    return out;
  }
}
