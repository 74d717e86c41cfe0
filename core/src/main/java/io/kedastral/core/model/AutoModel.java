package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code MODEL=auto}: forecasts with whichever candidate scored best in a small rolling-origin
 * backtest on the recent history. Method, loss and re-selection rule: {@code docs/models/auto.md}.
 *
 * <ol>
 *   <li><b>Selection data</b> {@code D}: the history between the first and the last boundary of the
 *       re-selection grid (multiples of {@link Settings#reselectEvery()} since the epoch) inside
 *       it, at most {@link Settings#maxSelectionWindow()} long. When that leaves too little, the
 *       whole history.
 *   <li><b>Origins</b>: {@link Settings#origins()} origins spread over the last {@link
 *       Settings#validationSpan()} of {@code D}, the last one's forecast ending at {@code D}'s end.
 *       Each candidate is fitted on {@code D} before each origin and forecasts {@code horizon}
 *       steps.
 *   <li><b>Loss</b>: mean pinball loss at 0.9 of each candidate's calibrated upper bound: its point
 *       forecast plus the 0.9 quantile of its own errors at the other origins. A bound below the
 *       actual costs {@code 0.9·(y-b)}, above it {@code 0.1·(b-y)}: being short costs 9× being
 *       over. Every candidate is judged on the same kind of bound, with or without quantiles of its
 *       own.
 *   <li><b>Combinations</b>: the equal-weight {@link MeanCombination}s of the best two, the best
 *       three, and the first with the best other candidate are scored the same way from the errors
 *       already computed (the mean forecast's errors are the mean of its members'): no extra fit.
 *   <li><b>Choice</b>: the lowest loss wins, except that the first candidate (the preferred
 *       default) is kept unless its loss exceeds the winner's by more than the fraction {@link
 *       Settings#margin()}.
 *   <li><b>Forecast</b>: the winner fits the whole history; if it fails, the next best does.
 * </ol>
 *
 * <p>The choice is a deterministic function of {@code D}'s values, start, step and the horizon, so
 * it changes only when the history's end crosses a grid boundary (or its start does, or the values
 * in {@code D} change). The last choice is memoised under exactly that key: a cache that never
 * changes a result. The description says what was chosen and why, e.g. {@code
 * auto:baseline-tuned(daily, ar 1, pool 0) [pinball90 12.3 vs seasonal-naive 20.1, naive 14.2]}.
 *
 * <p>Not thread-safe (one instance per workload, called from one thread at a time).
 */
public final class AutoModel implements ForecastModel {
  private final List<ForecastModel> candidates;
  private final Settings settings;
  private Memo memo;

  /**
   * How the choice is made.
   *
   * @param reselectEvery period of the re-selection grid in data time; at least 1 s
   * @param maxSelectionWindow most history used for the selection; at least {@code reselectEvery}
   * @param validationSpan span of the end of the selection data over which origins are spread
   * @param origins origins per selection, at least 2
   */
  public record Settings(
      Duration reselectEvery,
      Duration maxSelectionWindow,
      Duration validationSpan,
      int origins,
      double margin) {
    public Settings {
      Objects.requireNonNull(reselectEvery, "reselectEvery");
      Objects.requireNonNull(maxSelectionWindow, "maxSelectionWindow");
      Objects.requireNonNull(validationSpan, "validationSpan");
      if (reselectEvery.toSeconds() < 1 || maxSelectionWindow.compareTo(reselectEvery) < 0) {
        throw new IllegalArgumentException(
            "need reselectEvery >= 1s and maxSelectionWindow >= reselectEvery, got "
                + reselectEvery
                + ", "
                + maxSelectionWindow);
      }
      if (!(margin >= 0 && margin < 1)) {
        throw new IllegalArgumentException("margin must be in [0, 1), was " + margin);
      }
      if (validationSpan.isNegative() || validationSpan.isZero() || origins < 2) {
        throw new IllegalArgumentException(
            "need a positive validationSpan and at least 2 origins, got "
                + validationSpan
                + ", "
                + origins);
      }
    }

    /**
     * Re-select every 6 h of data, on at most 7 days, 24 origins over the last 3 days, and keep the
     * first candidate unless its loss is more than 30 % above another's.
     */
    public static Settings defaults() {
      return new Settings(Duration.ofHours(6), Duration.ofDays(7), Duration.ofDays(3), 24, 0.3);
    }
  }

  /**
   * One selection's outcome.
   *
   * @param chosen the winning candidate's name
   * @param scores mean pinball-0.9 loss per candidate, in candidate order, then per combination
   *     scored ({@code mean(a,b)}); infinite when a candidate failed
   * @param origins origins the scores average over (0: too little history, the first candidate)
   * @param dataEnd time of the last point of the selection data
   */
  public record Selection(String chosen, Map<String, Double> scores, int origins, Instant dataEnd) {
    public Selection {
      scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    /** The scores for a log line: {@code baseline 6.11, seasonal-naive 71.9, naive 6.21}. */
    public String scoresText() {
      StringBuilder sb = new StringBuilder();
      scores.forEach(
          (name, v) ->
              sb.append(sb.isEmpty() ? "" : ", ").append(name).append(' ').append(format(v)));
      return sb.isEmpty() ? "no comparison" : sb.toString();
    }

    /** The winner's score; NaN when no comparison was possible. */
    public double score() {
      return scores.getOrDefault(chosen, Double.NaN);
    }
  }

  /** A selection and the models it scored: the candidates, then the combinations. */
  private record Scored(Selection selection, List<ForecastModel> options) {}

  private record Memo(Instant start, Duration step, int horizon, double[] data, Scored scored) {
    Selection selection() {
      return scored.selection();
    }
  }

  /**
   * @param candidates the models to choose among, in order of preference on a tie; names unique
   */
  public AutoModel(List<ForecastModel> candidates, Settings settings) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("auto needs at least one candidate");
    }
    if (candidates.stream().map(ForecastModel::name).distinct().count() != candidates.size()) {
      throw new IllegalArgumentException("candidate names must be unique");
    }
    this.candidates = List.copyOf(candidates);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public String name() {
    return "auto";
  }

  /** The candidates, in order of preference. */
  public List<ForecastModel> candidates() {
    return candidates;
  }

  /** The choice behind the last forecast; empty before the first. */
  public Optional<Selection> lastSelection() {
    return Optional.ofNullable(memo).map(Memo::selection);
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    ForecastModel.requireInput(history, horizon);
    Scored scored = select(history, horizon);
    Selection s = scored.selection();
    RuntimeException failure = null;
    for (ForecastModel m : ranking(scored)) {
      try {
        Forecast f = m.forecast(history, horizon, quantileLevels);
        return new Forecast(describe(f.model(), m.name(), s), f.values(), f.quantiles());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    throw new IllegalStateException("every auto candidate failed", failure);
  }

  /** The choice for this input, from the memo when the selection data is unchanged. */
  private Scored select(TimeSeries history, int horizon) {
    TimeSeries d = selectionData(history, horizon);
    double[] values = d.values();
    if (memo != null
        && memo.horizon == horizon
        && memo.start.equals(d.start())
        && memo.step.equals(d.step())
        && Arrays.equals(memo.data, values)) {
      return memo.scored;
    }
    Scored s = score(d, horizon);
    memo = new Memo(d.start(), d.step(), horizon, values, s);
    return s;
  }

  /** The selection data {@code D} (see the class comment). */
  TimeSeries selectionData(TimeSeries history, int horizon) {
    long period = settings.reselectEvery().toMillis();
    long startMs = history.start().toEpochMilli();
    long endMs = history.end().toEpochMilli();
    long gridEnd = Math.floorDiv(endMs, period) * period;
    long gridStart = Math.max(-Math.floorDiv(-startMs, period) * period, gridEnd - maxWindowMs());
    long step = history.step().toMillis();
    int from = (int) Math.ceilDiv(gridStart - startMs, step);
    int to = (int) Math.floorDiv(gridEnd - startMs, step) + 1;
    if (gridEnd < gridStart || to - from < minimumPoints(horizon)) {
      return history.tail(Math.toIntExact(maxWindowMs() / step));
    }
    return history.slice(from, to);
  }

  private long maxWindowMs() {
    return settings.maxSelectionWindow().toMillis();
  }

  private int minimumPoints(int horizon) {
    return 4 * horizon + 2 * settings.origins();
  }

  /** The origins in {@code D} of {@code n} points, earliest first; empty when none fit. */
  List<Integer> origins(int n, long stepMillis, int horizon) {
    int last = n - horizon;
    int span = (int) Math.min(settings.validationSpan().toMillis() / stepMillis, n / 2);
    int spacing = Math.max(1, span / settings.origins());
    List<Integer> out = new ArrayList<>();
    for (int k = settings.origins() - 1; k >= 0; k--) {
      int o = last - k * spacing;
      if (o >= Math.max(2 * horizon, n / 2)) {
        out.add(o);
      }
    }
    return out.size() >= 2 ? out : List.of();
  }

  private Scored score(TimeSeries d, int horizon) {
    List<Integer> origins = origins(d.size(), d.step().toMillis(), horizon);
    Map<String, Double> scores = new LinkedHashMap<>();
    if (origins.isEmpty()) {
      return new Scored(new Selection(candidates.get(0).name(), scores, 0, d.end()), candidates);
    }
    Map<ForecastModel, double[][]> errors = new LinkedHashMap<>();
    for (ForecastModel m : candidates) {
      double[][] e = SelectionLoss.errors(m, d, origins, horizon);
      errors.put(m, e);
      scores.put(m.name(), e == null ? Double.POSITIVE_INFINITY : SelectionLoss.loss(e));
    }
    List<ForecastModel> options = new ArrayList<>(candidates);
    for (MeanCombination c : combinations(scores)) {
      double[][] e = SelectionLoss.meanErrors(c.members().stream().map(errors::get).toList());
      options.add(c);
      scores.put(c.name(), SelectionLoss.loss(e));
    }
    return new Scored(new Selection(choose(scores), scores, origins.size(), d.end()), options);
  }

  /**
   * The lowest score wins, except that the first candidate (the preferred default) is kept unless
   * its score exceeds the winner's by more than the margin.
   */
  private String choose(Map<String, Double> scores) {
    String best = null;
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      if (best == null || e.getValue() < scores.get(best)) {
        best = e.getKey();
      }
    }
    String preferred = candidates.get(0).name();
    if (scores.get(preferred) <= (1 + settings.margin()) * scores.get(best)) {
      return preferred; // a challenger has to be clearly better than the preferred candidate
    }
    return best;
  }

  /**
   * The combinations scored next to the single candidates: the equal-weight means of the best two
   * and of the best three candidates by score, and of the first candidate with the best other one
   * (duplicates once); members in candidate order, failed candidates never included.
   */
  private List<MeanCombination> combinations(Map<String, Double> scores) {
    List<ForecastModel> ranked =
        candidates.stream()
            .filter(m -> Double.isFinite(scores.get(m.name())))
            .sorted(Comparator.comparingDouble(m -> scores.get(m.name())))
            .toList();
    List<List<ForecastModel>> sets = new ArrayList<>();
    sets.add(ranked.subList(0, Math.min(2, ranked.size())));
    sets.add(ranked.subList(0, Math.min(3, ranked.size())));
    ForecastModel first = candidates.get(0);
    if (ranked.contains(first)) {
      ranked.stream()
          .filter(m -> m != first)
          .findFirst()
          .ifPresent(other -> sets.add(List.of(first, other)));
    }
    Set<Set<ForecastModel>> seen = new LinkedHashSet<>();
    for (List<ForecastModel> set : sets) {
      if (set.size() >= 2) {
        seen.add(new HashSet<>(set));
      }
    }
    return seen.stream()
        .map(set -> new MeanCombination(candidates.stream().filter(set::contains).toList()))
        .toList();
  }

  private static List<ForecastModel> ranking(Scored scored) {
    Selection s = scored.selection();
    if (s.scores().isEmpty()) {
      return scored.options();
    }
    return scored.options().stream()
        .sorted(
            Comparator.comparing((ForecastModel m) -> !m.name().equals(s.chosen()))
                .thenComparingDouble(m -> s.scores().get(m.name())))
        .toList();
  }

  /** {@code auto:<description> [pinball90 <used's score> vs <other> <score>, ...]}. */
  private static String describe(String forecastModel, String used, Selection s) {
    if (s.origins() == 0) {
      return "auto:" + forecastModel + " [no selection: too little history]";
    }
    StringBuilder sb = new StringBuilder("auto:").append(forecastModel).append(" [pinball90 ");
    sb.append(format(s.scores().get(used))).append(" vs");
    String sep = " ";
    for (Map.Entry<String, Double> e : s.scores().entrySet()) {
      if (!e.getKey().equals(used)) {
        sb.append(sep).append(e.getKey()).append(' ').append(format(e.getValue()));
        sep = ", ";
      }
    }
    return sb.append(']').toString();
  }

  /** Three significant digits, plain notation: short, and stable for the same input. */
  static String format(double v) {
    if (Double.isInfinite(v)) {
      return "failed";
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString()
        .toLowerCase(Locale.ROOT);
  }
}
