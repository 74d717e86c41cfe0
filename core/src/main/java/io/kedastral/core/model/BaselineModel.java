package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The default model: a robust seasonal profile plus a level and a short-term deviation, with
 * quantiles from the model's own rolling-origin errors. Method, formulas, parameters and measured
 * accuracy: {@code docs/models/baseline.md}.
 *
 * <ol>
 *   <li>Profile: with at least 2 days of history (and at least {@value #MIN_SLOTS_PER_DAY} steps a
 *       day), the daily profile {@code S_d} is the median over past days of the values at the same
 *       time of day and ±{@value #POOL} neighbouring steps, after removing a centred one-day moving
 *       average, shrunk by its split-half reliability; with at least {@value #WEEKLY_MIN_DAYS} days
 *       a weekly profile of what the daily one leaves is added the same way.
 *   <li>Level and deviation: the seasonally adjusted series {@code z = y - S} is a robust
 *       exponentially smoothed level plus an AR({@value #AR_ORDER}) deviation with a mean term,
 *       fitted by least squares, optionally with the level's recent slope extrapolated (damped).
 *       The level's half-life (15 min, 1 h, 4 h, 1 day or held) and the trend switch are the pair
 *       with the smallest mean absolute error over rolling origins in the last 2 days of the
 *       window.
 *   <li>Forecast: {@code ŷ(T+h) = S(T+h) + ℓ_T + b_T·D(h) + û_T(h)}: close to the last value at
 *       {@code h = 1}, back to profile plus (trending) level far out.
 *   <li>Quantiles: conformal offsets from the same rolling-origin errors, per step.
 * </ol>
 *
 * <p><b>Pooled variant</b> ({@link #pooled()}, {@code MODEL=auto}'s preferred candidate): instead
 * of keeping only the (half-life, trend) pair with the smallest in-window error, it averages the
 * forecasts of the best {@value #POOL_SIZE} pairs whose error is within {@value #POOL_TOLERANCE} of
 * the smallest (a near-tie is a coin toss on 2 days of data; averaging the near-ties removes that
 * variance), with quantiles from the averaged in-window errors. Named {@code baseline-pooled}.
 *
 * <p>The description says which branch ran: {@code baseline(weekly)}, {@code baseline(daily)},
 * {@code baseline(level)} (less than 2 days of history: no profile) or {@code baseline(last-value)}
 * (fewer than {@value #MIN_POINTS} points; no quantiles). A series that was never negative in the
 * window is never forecast negative. Stateless and deterministic.
 */
public final class BaselineModel implements ForecastModel {
  /** Neighbouring steps on each side pooled into one profile slot. */
  static final int POOL = 2;

  /** Order of the autoregression of the deviation from the level. */
  static final int AR_ORDER = 3;

  /** Days of history from which the daily profile is used. */
  static final int DAILY_MIN_DAYS = 2;

  /** Days of history from which the weekly profile is added. */
  static final int WEEKLY_MIN_DAYS = 21;

  /** Below this many steps a day (steps longer than 6 h) no daily profile is estimated. */
  static final int MIN_SLOTS_PER_DAY = 4;

  /** Days at the end of the window whose rolling origins choose the half-life and the bands. */
  static final int VALIDATION_DAYS = 2;

  /** Fewest rolling origins for a choice or a band. */
  static final int MIN_ORIGINS = 8;

  /** Most rolling origins used (2 days at 5-minute steps); beyond, they are spaced evenly. */
  static final int MAX_ORIGINS = 576;

  /** Fewest points for the level branch; below, the last value is repeated. */
  static final int MIN_POINTS = 2 * MIN_ORIGINS;

  /** Candidate half-lives of the level, in hours; infinite holds it at the window's median. */
  private static final double[] HALF_LIFE_HOURS = {Double.POSITIVE_INFINITY, 24, 4, 1, 0.25};

  /** Most (half-life, trend) pairs the pooled variant averages. */
  static final int POOL_SIZE = 3;

  /** A pair joins the pool when its in-window error is at most this fraction above the best. */
  static final double POOL_TOLERANCE = 0.02;

  private final String name;
  private final int poolSize;

  /** The baseline as documented: the single best half-life and trend. */
  public BaselineModel() {
    this("baseline", 1);
  }

  private BaselineModel(String name, int poolSize) {
    this.name = name;
    this.poolSize = poolSize;
  }

  /** The pooled variant ({@code baseline-pooled}, see the class comment). */
  public static BaselineModel pooled() {
    return new BaselineModel("baseline-pooled", POOL_SIZE);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    ForecastModel.requireInput(history, horizon);
    double[] y = history.values();
    if (y.length < MIN_POINTS) {
      return lastValue(y, horizon);
    }
    Decomposition d = decompose(y, history.stepsPerDay(), horizon);
    double[] z = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      z[i] = y[i] - d.inWindow()[i];
    }
    InWindowErrors check = rollingOrigins(y.length, history.stepsPerDay(), horizon);
    List<Choice> pool = select(z, history.stepSeconds() / 3600.0, check, horizon, poolSize);
    double[] point = new double[horizon];
    double[] one = new double[horizon];
    for (Choice c : pool) {
      c.fit().forecast(y.length, horizon, c.trend(), one);
      for (int h = 0; h < horizon; h++) {
        point[h] += one[h] / pool.size();
      }
    }
    for (int h = 0; h < horizon; h++) {
      point[h] += d.ahead()[h];
    }
    Map<Double, double[]> q = Map.of();
    if (check.horizon() == horizon) {
      q = ConformalBands.bands(pooledErrors(pool, check, z), point, quantileLevels);
    }
    return finish(name + "(" + d.kind() + ")", y, point, q);
  }

  /**
   * The in-window origins: the last {@link #VALIDATION_DAYS} days (at least {@link #MIN_POINTS}
   * steps, at most half the window), every step up to {@link #MAX_ORIGINS}, over the full horizon
   * if {@link #MIN_ORIGINS} origins fit it, else over the longest horizon that leaves that many.
   */
  private static InWindowErrors rollingOrigins(int n, int stepsPerDay, int horizon) {
    int v = Math.min(Math.max(VALIDATION_DAYS * stepsPerDay, MIN_POINTS), n / 2);
    int stride = Math.max(1, (v + MAX_ORIGINS - 1) / MAX_ORIGINS);
    int checked = Math.min(horizon, v - (MIN_ORIGINS - 1) * stride);
    return new InWindowErrors(n - v, n - checked, stride, checked);
  }

  /** The profile in the window and ahead of it, and which branch produced it. */
  private record Decomposition(String kind, double[] inWindow, double[] ahead) {}

  private static Decomposition decompose(double[] y, int s, int horizon) {
    int n = y.length;
    double[] in = new double[n];
    double[] ahead = new double[horizon];
    if (s < MIN_SLOTS_PER_DAY || n < DAILY_MIN_DAYS * s) {
      return new Decomposition("level", in, ahead);
    }
    addProfile(SeasonalProfile.detrended(y, s), s, in, ahead);
    if (n < WEEKLY_MIN_DAYS * s) {
      return new Decomposition("daily", in, ahead);
    }
    double[] rest = SeasonalProfile.detrended(y, 7 * s);
    for (int i = 0; i < n; i++) {
      rest[i] -= in[i];
    }
    addProfile(rest, 7 * s, in, ahead);
    return new Decomposition("weekly", in, ahead);
  }

  private static void addProfile(double[] x, int period, double[] in, double[] ahead) {
    SeasonalProfile p = SeasonalProfile.estimate(x, period, POOL);
    int n = in.length;
    for (int i = 0; i < n; i++) {
      in[i] += p.at(i, n);
    }
    for (int h = 0; h < ahead.length; h++) {
      ahead[h] += p.at(n + h, n);
    }
  }

  /** A fitted level+deviation model, whether its trend is extrapolated, its in-window error. */
  private record Choice(LevelDeviationFit fit, boolean trend, double error) {}

  /**
   * Fits every candidate half-life, with and without trend, and keeps the one with the smallest
   * mean absolute error over the in-window rolling origins (the first on a tie); with {@code
   * poolSize > 1}, also the next best up to that many whose error is within {@link #POOL_TOLERANCE}
   * of the smallest.
   */
  private static List<Choice> select(
      double[] z, double stepHours, InWindowErrors check, int horizon, int poolSize) {
    double sigma = innovationSigma(z);
    List<Choice> all = new ArrayList<>();
    for (double halfLife : HALF_LIFE_HOURS) {
      double alpha = 1 - Math.pow(2, -stepHours / halfLife);
      int span = (int) Math.min(Math.round(halfLife / stepHours), z.length / 4);
      LevelDeviationFit fit = LevelDeviationFit.fit(z, alpha, sigma, AR_ORDER, span, horizon);
      for (boolean trend : fit.adapts() ? new boolean[] {false, true} : new boolean[] {false}) {
        all.add(new Choice(fit, trend, check.meanAbsoluteError(fit, trend, z)));
      }
    }
    // a stable sort: on a tie the earlier pair first, as the single choice always was
    List<Choice> ranked = all.stream().sorted(Comparator.comparingDouble(Choice::error)).toList();
    List<Choice> pool = new ArrayList<>(List.of(ranked.get(0)));
    double limit = (1 + POOL_TOLERANCE) * ranked.get(0).error();
    for (int i = 1; i < Math.min(poolSize, ranked.size()) && ranked.get(i).error() <= limit; i++) {
      pool.add(ranked.get(i));
    }
    return pool;
  }

  /** The in-window errors by step of the pool's mean forecast: the mean of the members' errors. */
  private static double[][] pooledErrors(List<Choice> pool, InWindowErrors check, double[] z) {
    double[][] errors = check.byStep(pool.get(0).fit(), pool.get(0).trend(), z);
    if (pool.size() == 1) {
      return errors;
    }
    for (int j = 0; j < errors.length; j++) {
      for (int k = 0; k < errors[j].length; k++) {
        errors[j][k] /= pool.size();
      }
    }
    for (Choice c : pool.subList(1, pool.size())) {
      double[][] e = check.byStep(c.fit(), c.trend(), z);
      for (int j = 0; j < errors.length; j++) {
        for (int k = 0; k < errors[j].length; k++) {
          errors[j][k] += e[j][k] / pool.size();
        }
      }
    }
    return errors;
  }

  /** Robust standard deviation of the one-step noise: MAD of the first differences over √2. */
  private static double innovationSigma(double[] z) {
    double[] steps = new double[z.length - 1];
    for (int i = 1; i < z.length; i++) {
      steps[i - 1] = z[i] - z[i - 1];
    }
    return RobustStats.madSigma(steps, 0, steps.length) / Math.sqrt(2);
  }

  private static Forecast finish(
      String model, double[] y, double[] point, Map<Double, double[]> quantiles) {
    if (!allFinite(point) || !quantiles.values().stream().allMatch(BaselineModel::allFinite)) {
      return lastValue(y, point.length);
    }
    if (Arrays.stream(y).min().orElse(0) >= 0) {
      clampAtZero(point);
      quantiles.values().forEach(BaselineModel::clampAtZero);
    }
    return new Forecast(model, point, quantiles);
  }

  private static Forecast lastValue(double[] y, int horizon) {
    double[] v = new double[horizon];
    Arrays.fill(v, y[y.length - 1]);
    return Forecast.of("baseline(last-value)", v);
  }

  private static boolean allFinite(double[] a) {
    return Arrays.stream(a).allMatch(Double::isFinite);
  }

  private static void clampAtZero(double[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.max(0, a[i]);
    }
  }
}
