package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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
 * <p><b>Tuned variant</b> ({@link #tuned()}, {@code MODEL=auto}'s preferred candidate, named {@code
 * baseline-tuned}): the same model, with two structural settings chosen per series as well. It
 * scores every AR order of {@link #TUNED_AR_ORDERS} and every profile pool width of {@link
 * #TUNED_POOLS} (with every half-life and trend) on the same in-window origins; the profile it
 * scores with is estimated on the window <em>before</em> those origins, so a narrow pool cannot win
 * by fitting the days it is judged on. Then, instead of keeping only the best setting, it averages
 * the forecasts of the best {@value #POOL_SIZE} whose error is within {@value #POOL_TOLERANCE} of
 * the smallest (a near-tie is a coin toss on 2 days of data; averaging removes that variance), each
 * refitted on the whole window, with quantiles from their averaged in-window errors. Its
 * description names the best setting: {@code baseline-tuned(daily, ar 1, pool 0)}.
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

  /** AR orders the tuned variant scores; the baseline's own first, so that it wins a tie. */
  static final int[] TUNED_AR_ORDERS = {AR_ORDER, 1, 2};

  /** Profile pool widths the tuned variant scores; the baseline's own first. */
  static final int[] TUNED_POOLS = {POOL, 0, 1, 3};

  /** Most settings the tuned variant averages. */
  static final int POOL_SIZE = 3;

  /**
   * A setting joins the average when its in-window error is at most this fraction above the best.
   */
  static final double POOL_TOLERANCE = 0.02;

  private final String name;
  private final int averaged;
  private final int[] arOrders;
  private final int[] profilePools;

  /** The baseline as documented: the single best half-life and trend. */
  public BaselineModel() {
    this("baseline", 1, new int[] {AR_ORDER}, new int[] {POOL});
  }

  private BaselineModel(String name, int averaged, int[] arOrders, int[] profilePools) {
    this.name = name;
    this.averaged = averaged;
    this.arOrders = arOrders;
    this.profilePools = profilePools;
  }

  /** The tuned variant ({@code baseline-tuned}, see the class comment). */
  public static BaselineModel tuned() {
    return new BaselineModel("baseline-tuned", POOL_SIZE, TUNED_AR_ORDERS, TUNED_POOLS);
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
    int s = history.stepsPerDay();
    double stepHours = history.stepSeconds() / 3600.0;
    InWindowErrors check = rollingOrigins(y.length, s, horizon);
    Map<Integer, Decomposition> whole = new HashMap<>();
    List<Setting> scored = new ArrayList<>();
    for (int pool : profilePools) {
      Decomposition full = decompose(y, y.length, s, horizon, pool);
      if (whole.values().stream().anyMatch(full::sameProfile)) {
        continue; // a wider pool clamped to a short period, or no profile at all: scored already
      }
      whole.put(pool, full);
      Decomposition judged = full;
      if (profilePools.length > 1) {
        Decomposition before = decompose(y, check.firstOrigin(), s, horizon, pool);
        judged = before.kind().equals(full.kind()) ? before : full;
      }
      scored.addAll(settings(pool, residual(y, judged), stepHours, check, horizon));
    }
    List<Setting> kept = best(scored);
    double[] point = new double[horizon];
    double[] one = new double[horizon];
    for (Setting c : kept) {
      Decomposition d = whole.get(c.pool());
      c.refit(residual(y, d), horizon).forecast(y.length, horizon, c.trend(), one);
      for (int h = 0; h < horizon; h++) {
        point[h] += (one[h] + d.ahead()[h]) / kept.size();
      }
    }
    Map<Double, double[]> q = Map.of();
    if (check.horizon() == horizon) {
      q = ConformalBands.bands(meanErrors(kept, check), point, quantileLevels);
    }
    return finish(describe(whole.get(kept.get(0).pool()).kind(), kept.get(0)), y, point, q);
  }

  /** {@code baseline(daily)}; the tuned variant adds its best setting's AR order and pool. */
  private String describe(String kind, Setting best) {
    if (profilePools.length == 1 && arOrders.length == 1) {
      return name + "(" + kind + ")";
    }
    return "%s(%s, ar %d, pool %d)".formatted(name, kind, best.arOrder(), best.pool());
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
  private record Decomposition(String kind, double[] inWindow, double[] ahead) {
    boolean sameProfile(Decomposition o) {
      return Arrays.equals(inWindow, o.inWindow) && Arrays.equals(ahead, o.ahead);
    }
  }

  /**
   * The profile with pool width {@code pool}, estimated on {@code y[0, m)} and evaluated over the
   * whole window {@code y[0, n)} and the {@code horizon} steps after it ({@code m = n}: the
   * baseline's own; {@code m < n}: the tuned variant's, judged on {@code [m, n)} unseen).
   */
  private static Decomposition decompose(double[] y, int m, int s, int horizon, int pool) {
    int n = y.length;
    double[] in = new double[n];
    double[] ahead = new double[horizon];
    if (s < MIN_SLOTS_PER_DAY || m < DAILY_MIN_DAYS * s) {
      return new Decomposition("level", in, ahead);
    }
    double[] fitted = m == n ? y : Arrays.copyOf(y, m);
    addProfile(SeasonalProfile.detrended(fitted, s), s, pool, m, in, ahead);
    if (m < WEEKLY_MIN_DAYS * s) {
      return new Decomposition("daily", in, ahead);
    }
    double[] rest = SeasonalProfile.detrended(fitted, 7 * s);
    for (int i = 0; i < m; i++) {
      rest[i] -= in[i];
    }
    addProfile(rest, 7 * s, pool, m, in, ahead);
    return new Decomposition("weekly", in, ahead);
  }

  /** Adds the profile of {@code x} (the first {@code m} points) to the window and ahead of it. */
  private static void addProfile(
      double[] x, int period, int pool, int m, double[] in, double[] ahead) {
    SeasonalProfile p = SeasonalProfile.estimate(x, period, pool);
    int n = in.length;
    for (int i = 0; i < n; i++) {
      in[i] += p.at(i, m);
    }
    for (int h = 0; h < ahead.length; h++) {
      ahead[h] += p.at(n + h, m);
    }
  }

  private static double[] residual(double[] y, Decomposition d) {
    double[] z = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      z[i] = y[i] - d.inWindow()[i];
    }
    return z;
  }

  /**
   * One scored setting: the profile's pool width, the AR order, the level's weight and slope span,
   * the trend switch, the residual {@code z} it was judged on, its fit there and its in-window mean
   * absolute error.
   */
  private record Setting(
      int pool,
      int arOrder,
      double alpha,
      int span,
      boolean trend,
      double[] z,
      LevelDeviationFit fit,
      double error) {

    /** The fit on the whole window's residual {@code z}: its own when it was judged on it. */
    LevelDeviationFit refit(double[] wholeZ, int horizon) {
      if (Arrays.equals(z, wholeZ)) {
        return fit;
      }
      return LevelDeviationFit.fit(wholeZ, alpha, innovationSigma(wholeZ), arOrder, span, horizon);
    }
  }

  /** Every AR order, half-life and trend on the residual {@code z} of one profile, scored. */
  private List<Setting> settings(
      int pool, double[] z, double stepHours, InWindowErrors check, int horizon) {
    double sigma = innovationSigma(z);
    List<Setting> all = new ArrayList<>();
    for (int order : arOrders) {
      for (double halfLife : HALF_LIFE_HOURS) {
        double alpha = 1 - Math.pow(2, -stepHours / halfLife);
        int span = (int) Math.min(Math.round(halfLife / stepHours), z.length / 4);
        LevelDeviationFit fit = LevelDeviationFit.fit(z, alpha, sigma, order, span, horizon);
        for (boolean trend : fit.adapts() ? new boolean[] {false, true} : new boolean[] {false}) {
          double error = check.meanAbsoluteError(fit, trend, z);
          all.add(new Setting(pool, order, alpha, span, trend, z, fit, error));
        }
      }
    }
    return all;
  }

  /**
   * The setting with the smallest in-window error (the first on a tie), and with {@code averaged >
   * 1} the next best up to that many whose error is within {@link #POOL_TOLERANCE} of it.
   */
  private List<Setting> best(List<Setting> scored) {
    // a stable sort: on a tie the earlier setting first, as the single choice always was
    List<Setting> ranked =
        scored.stream().sorted(Comparator.comparingDouble(Setting::error)).toList();
    List<Setting> kept = new ArrayList<>(List.of(ranked.get(0)));
    double limit = (1 + POOL_TOLERANCE) * ranked.get(0).error();
    for (int i = 1; i < Math.min(averaged, ranked.size()) && ranked.get(i).error() <= limit; i++) {
      kept.add(ranked.get(i));
    }
    return kept;
  }

  /** The in-window errors by step of the mean forecast: the mean of the kept settings' errors. */
  private static double[][] meanErrors(List<Setting> kept, InWindowErrors check) {
    double[][] errors = null;
    for (Setting c : kept) {
      double[][] e = check.byStep(c.fit(), c.trend(), c.z());
      if (errors == null) {
        errors = new double[e.length][e[0].length];
      }
      for (int j = 0; j < e.length; j++) {
        for (int k = 0; k < e[j].length; k++) {
          errors[j][k] += e[j][k] / kept.size();
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
