package io.kedastral.core.backtest;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Running sums of the errors of one walk-forward run. */
final class ErrorTotals {
  static final double PINBALL_LEVEL = 0.9;

  private final Map<String, Integer> descriptions = new TreeMap<>();
  private int origins;
  private int points;
  private int scaledPoints;
  private double scaledAbs;
  private double smape;
  private int mapePoints;
  private double mape;
  private double abs;
  private double squared;
  private int quantilePoints;
  private int scaledQuantilePoints;
  private double pinball;
  private double scaledPinball;
  private int covered;

  void addOrigin(String description) {
    origins++;
    descriptions.merge(description, 1, Integer::sum);
  }

  /** One (origin, step) pair; {@code scale} 0 leaves it out of the scaled figures. */
  void addPoint(double actual, double forecast, double scale) {
    double e = Math.abs(actual - forecast);
    points++;
    abs += e;
    squared += e * e;
    double denominator = Math.abs(actual) + Math.abs(forecast);
    smape += denominator == 0 ? 0 : 200 * e / denominator;
    if (actual != 0) {
      mapePoints++;
      mape += 100 * e / Math.abs(actual);
    }
    if (scale > 0) {
      scaledPoints++;
      scaledAbs += e / scale;
    }
  }

  /** The 0.9 quantile forecast for the same pair. */
  void addQuantile(double actual, double quantile, double scale) {
    double loss = pinballLoss(actual, quantile, PINBALL_LEVEL);
    quantilePoints++;
    pinball += loss;
    covered += actual <= quantile ? 1 : 0;
    if (scale > 0) {
      scaledQuantilePoints++;
      scaledPinball += loss / scale;
    }
  }

  /** Pinball (quantile) loss of {@code quantile} at {@code level} for {@code actual}. */
  static double pinballLoss(double actual, double quantile, double level) {
    double d = actual - quantile;
    return d >= 0 ? level * d : (level - 1) * d;
  }

  AccuracyReport report(String model, double medianFitMillis) {
    if (scaledPoints == 0) {
      throw new IllegalArgumentException(
          "the series is constant over every training window: MASE is undefined");
    }
    return new AccuracyReport(
        model,
        descriptions,
        origins,
        points,
        scaledAbs / scaledPoints,
        smape / points,
        mean(mape, mapePoints),
        abs / points,
        Math.sqrt(squared / points),
        mean(pinball, quantilePoints),
        mean(scaledPinball, scaledQuantilePoints),
        mean(covered, quantilePoints),
        medianFitMillis);
  }

  private static OptionalDouble mean(double sum, int count) {
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
  }
}
