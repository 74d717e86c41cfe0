package io.kedastral.core.model;

import java.util.List;

/**
 * Turns a {@link ModelSpec} into the {@link ForecastModel} that implements it: the one place that
 * knows every model class, used by the forecaster ({@code MODEL}) and the backtest ({@code
 * --model}).
 */
public final class Models {
  private Models() {}

  /**
   * A new model for {@code spec}. Models are cheap to create and carry no state but caches.
   *
   * @throws IllegalStateException for a method this build does not contain yet
   */
  public static ForecastModel create(ModelSpec spec) {
    return switch (spec) {
      case ModelSpec.Baseline b -> new BaselineModel();
      case ModelSpec.SeasonalNaive s -> new SeasonalNaiveModel(s.season());
      // At the merge of the models branch these two arms become `new ArimaModel(a)` and
      // `new SarimaModel(s)`; autoCandidates() then lists them too.
      case ModelSpec.Arima a ->
          throw new IllegalStateException("arima is merged from the models branch");
      case ModelSpec.Sarima s ->
          throw new IllegalStateException("sarima is merged from the models branch");
      case ModelSpec.Auto a ->
          new AutoModel(autoCandidates(a.season()), AutoModel.Settings.defaults());
    };
  }

  /**
   * The candidates {@code MODEL=auto} chooses among, in order of preference on a tie: the baseline,
   * ARIMA and SARIMA with their orders chosen by AICc, seasonal naive, and naive (the last value,
   * the reference every model has to beat at short horizons).
   */
  public static List<ForecastModel> autoCandidates(int season) {
    return List.of(
        new BaselineModel(),
        // create(new ModelSpec.Arima(OrderSpec.chosen())),
        // create(new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.chosen(), season)),
        new SeasonalNaiveModel(season),
        new NaiveModel());
  }
}
