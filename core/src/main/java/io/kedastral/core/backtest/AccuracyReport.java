package io.kedastral.core.backtest;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What one model scored under an {@link AccuracyProtocol} on one series. Errors are averaged over
 * every (origin, step) pair; scaled figures divide each error by its origin's MASE scale (the mean
 * absolute lag-{@code season} difference over that origin's training window), and leave out the
 * origins whose scale is 0.
 *
 * @param model the model's name
 * @param descriptions how often each forecast description occurred (which branch or fallback ran),
 *     sorted by description
 * @param origins forecast origins evaluated
 * @param points (origin, step) pairs evaluated
 * @param mase mean absolute scaled error
 * @param smape symmetric MAPE in percent, {@code 200|y-ŷ|/(|y|+|ŷ|)}, 0 where both are 0
 * @param mape mean absolute percentage error, {@code 100|y-ŷ|/|y|}, over the points where {@code y
 *     != 0}; empty when there are none
 * @param mae mean absolute error
 * @param rmse root mean squared error
 * @param pinball90 mean pinball loss of the 0.9 quantile; empty when the model gave none
 * @param scaledPinball90 the same divided by the MASE scale (comparable to {@code mase})
 * @param coverage90 share of actual values at or below the 0.9 quantile
 * @param medianFitMillis median over origins of the fit+forecast time in milliseconds
 */
public record AccuracyReport(
    String model,
    Map<String, Integer> descriptions,
    int origins,
    int points,
    double mase,
    double smape,
    OptionalDouble mape,
    double mae,
    double rmse,
    OptionalDouble pinball90,
    OptionalDouble scaledPinball90,
    OptionalDouble coverage90,
    double medianFitMillis) {

  public AccuracyReport {
    descriptions = Collections.unmodifiableMap(new TreeMap<>(descriptions));
    if (origins < 1 || points < origins) {
      throw new IllegalArgumentException("a report needs at least one origin");
    }
    for (double v : new double[] {mase, smape, mae, rmse, medianFitMillis}) {
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException("figures must be finite and >= 0: " + v);
      }
    }
  }
}
