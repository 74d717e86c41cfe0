package io.kedastral.benchmarks;

import io.kedastral.core.model.BaselineModel;
import io.kedastral.core.model.Forecast;
import io.kedastral.core.series.TimeSeries;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fit+forecast time of the default model, and of its tuned variant, at the service defaults: a
 * 7-day window at 1-minute step (10,080 points, season 1,440), horizon 30, one quantile level. The
 * input is a seeded daily pattern with AR(1) noise, so every run measures the same work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BaselineModelBenchmark {
  private static final int DAY = SyntheticWindow.DAY;
  private static final List<Double> P90 = List.of(0.9);

  private final BaselineModel model = new BaselineModel();
  private final BaselineModel tuned = BaselineModel.tuned();
  private TimeSeries window;

  @Setup
  public void createWindow() {
    window = SyntheticWindow.sevenDaysAtOneMinute();
  }

  @Benchmark
  public Forecast fitAndForecastSevenDaysAtOneMinute() {
    return model.forecast(window, 30, P90);
  }

  /** The tuned variant ({@code MODEL=auto}'s preferred candidate): 108 settings scored, not 9. */
  @Benchmark
  public Forecast tunedFitAndForecastSevenDaysAtOneMinute() {
    return tuned.forecast(window, 30, P90);
  }
}
