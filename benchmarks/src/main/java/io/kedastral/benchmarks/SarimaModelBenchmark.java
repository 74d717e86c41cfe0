package io.kedastral.benchmarks;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.model.arima.ArimaModel;
import io.kedastral.core.model.arima.SarimaModel;
import io.kedastral.core.series.TimeSeries;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fit+forecast time of SARIMA (and ARIMA) at the service defaults: a 7-day window at 1-minute step
 * (10,080 points, daily season of 1,440), horizon 30, the 0.9 quantile. Sampled per call so that
 * the median is reported ({@code Mode.SampleTime}). Orders:
 *
 * <ul>
 *   <li>{@code given}: {@code sarima(1,0,1)(0,1,1)[1440]}, everything given;
 *   <li>{@code fourier}: {@code sarima(2,0,1)(0,0,0)[1440]}, Fourier pairs chosen by AICc;
 *   <li>{@code chosen}: every order chosen (KPSS, Fourier K, stepwise AICc, seasonal P/Q).
 * </ul>
 *
 * The input is a seeded daily pattern with AR(1) noise, the same as {@code
 * BaselineModelBenchmark}'s, so every run measures the same work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SarimaModelBenchmark {
  private static final int DAY = SyntheticWindow.DAY;
  private static final List<Double> P90 = List.of(0.9);

  @Param({"given", "fourier", "chosen"})
  public String orders;

  private SarimaModel sarima;
  private ArimaModel arima;
  private TimeSeries window;

  @Setup
  public void createWindowAndModels() {
    window = SyntheticWindow.sevenDaysAtOneMinute();
    sarima =
        new SarimaModel(
            switch (orders) {
              case "given" ->
                  new ModelSpec.Sarima(OrderSpec.of(1, 0, 1), OrderSpec.of(0, 1, 1), DAY);
              case "fourier" ->
                  new ModelSpec.Sarima(OrderSpec.of(2, 0, 1), OrderSpec.of(0, 0, 0), DAY);
              case "chosen" -> new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.chosen(), DAY);
              default -> throw new IllegalArgumentException(orders);
            });
    arima =
        new ArimaModel(
            new ModelSpec.Arima(
                orders.equals("chosen") ? OrderSpec.chosen() : OrderSpec.of(2, 1, 1)));
  }

  @Benchmark
  public Forecast sarimaFitAndForecastSevenDaysAtOneMinute() {
    return sarima.forecast(window, 30, P90);
  }

  /** ARIMA on the same window: {@code (2,1,1)} for "given"/"fourier", all chosen for "chosen". */
  @Benchmark
  public Forecast arimaFitAndForecastSevenDaysAtOneMinute() {
    return arima.forecast(window, 30, P90);
  }
}
