package io.kedastral.core.model;

import io.kedastral.core.model.arima.ArimaModel;
import io.kedastral.core.model.arima.SarimaModel;
import java.util.List;

/**
 * Turns a {@link ModelSpec} into the {@link ForecastModel} that implements it: the one place that
 * knows every model class, used by the forecaster ({@code MODEL}) and the backtest ({@code
 * --model}).
 */
public final class Models {
  private Models() {}

  /** A new model for {@code spec}. Models are cheap to create and carry no state but caches. */
  public static ForecastModel create(ModelSpec spec) {
    return switch (spec) {
      case ModelSpec.Baseline b -> new BaselineModel();
      case ModelSpec.SeasonalNaive s -> new SeasonalNaiveModel(s.season());
      case ModelSpec.Arima a -> new ArimaModel(a);
      case ModelSpec.Sarima s -> new SarimaModel(s);
      case ModelSpec.Auto a ->
          new AutoModel(autoCandidates(a.season()), AutoModel.Settings.defaults());
    };
  }

  /**
   * The candidates {@code MODEL=auto} chooses among, in order of preference on a tie: the tuned
   * baseline ({@link BaselineModel#tuned()}), ARIMA and SARIMA with their orders chosen by AICc,
   * seasonal naive, and naive (the last value, the reference every model has to beat at short
   * horizons).
   */
  public static List<ForecastModel> autoCandidates(int season) {
    return List.of(
        BaselineModel.tuned(),
        new ArimaModel(new ModelSpec.Arima(OrderSpec.chosen())),
        new SarimaModel(new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.chosen(), season)),
        new SeasonalNaiveModel(season),
        new NaiveModel());
  }
}
