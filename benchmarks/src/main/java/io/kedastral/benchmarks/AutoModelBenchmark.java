package io.kedastral.benchmarks;

import io.kedastral.core.model.AutoModel;
import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.Models;
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
 * What {@code MODEL=auto} costs at the service defaults (7 days at 1-minute step, horizon 30): a
 * forecast that has to select (every candidate fitted at 24 origins; once per 6 h of data) and one
 * that reuses the memoised choice (every other tick). Same seeded input as {@link
 * BaselineModelBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AutoModelBenchmark {
  private static final int DAY = SyntheticWindow.DAY;
  private static final List<Double> P90 = List.of(0.9);

  private final AutoModel reused = (AutoModel) Models.create(new ModelSpec.Auto(DAY));
  private TimeSeries window;

  @Setup
  public void createWindow() {
    window = SyntheticWindow.sevenDaysAtOneMinute();
    reused.forecast(window, 30, P90);
  }

  @Benchmark
  public Forecast selectAndForecastSevenDaysAtOneMinute() {
    return Models.create(new ModelSpec.Auto(DAY)).forecast(window, 30, P90);
  }

  @Benchmark
  public Forecast forecastWithTheMemoisedChoice() {
    return reused.forecast(window, 30, P90);
  }
}
