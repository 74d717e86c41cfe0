package io.kedastral.benchmarks;

import io.kedastral.core.model.BaselineModel;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.model.arima.ArimaModel;
import io.kedastral.core.model.arima.SarimaModel;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the retained size of each model instance after a fit+forecast on the benchmark window (7
 * days at 1-minute step): what a workload keeps between ticks. Allocation during a fit is measured
 * by {@code SarimaModelBenchmark} with {@code -prof gc}. Run: {@code java -cp
 * benchmarks/target/benchmarks.jar io.kedastral.benchmarks.ModelFootprint}.
 */
public final class ModelFootprint {
  private ModelFootprint() {}

  public static void main(String[] args) {
    // Records' fields cannot be read through Unsafe offsets; JOL finds them another way.
    System.setProperty("jol.magicFieldOffset", "true");
    List<ForecastModel> models =
        List.of(
            new BaselineModel(),
            new ArimaModel(new ModelSpec.Arima(OrderSpec.chosen())),
            new SarimaModel(new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.chosen(), 1440)));
    var window = SyntheticWindow.sevenDaysAtOneMinute();
    System.out.printf(
        "window: %,d bytes retained%n", GraphLayout.parseInstance(window).totalSize());
    for (ForecastModel m : models) {
      String fitted = m.forecast(window, 30, List.of(0.9)).model();
      System.out.printf(
          "%s after fitting %s: %,d bytes retained%n",
          m.name(), fitted, GraphLayout.parseInstance(m).totalSize());
    }
  }
}
