package io.kedastral.forecaster.backtest;

import io.kedastral.core.backtest.CapacityBacktest;
import io.kedastral.core.backtest.CapacityReport;
import io.kedastral.core.model.Models;
import io.kedastral.core.series.Sample;
import io.kedastral.core.series.SeriesCleaner;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.series.TraceCsv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar forecaster.jar backtest --input=FILE.csv ...}: replays a trace walk-forward
 * through a model and the capacity planner and reports SPEC §4's figures ({@code
 * docs/BACKTEST.md}). Runs without Spring. Exit codes: 0 done, 1 unreadable input or a failed run,
 * 2 bad arguments.
 */
public final class BacktestCommand {
  /** The first argument that selects this command instead of the service. */
  public static final String NAME = "backtest";

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private BacktestCommand() {}

  /** Entry point from {@code ForecasterApplication.main}; exits the JVM with the exit code. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args, System.out, System.err, System.console() != null));
  }

  /**
   * Runs the command.
   *
   * @param args the arguments after {@code backtest}
   * @param interactive whether a terminal is attached (shows the progress bar)
   * @return the exit code
   */
  static int run(String[] args, PrintStream out, PrintStream err, boolean interactive) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(usage());
      return OK;
    }
    BacktestOptions options;
    BacktestRun run;
    try {
      options = BacktestOptions.parse(args);
    } catch (UsageException e) {
      return usageError(err, e);
    }
    TimeSeries series;
    try {
      series = read(options);
    } catch (InputException e) {
      err.println("backtest: " + e.getMessage());
      return FAILED;
    }
    try {
      run = BacktestRun.resolve(options, series);
    } catch (UsageException e) {
      return usageError(err, e);
    }
    return execute(options, run, out, err, interactive);
  }

  private static int execute(
      BacktestOptions options,
      BacktestRun run,
      PrintStream out,
      PrintStream err,
      boolean interactive) {
    String input = options.input().getFileName().toString();
    CapacityReport report;
    try {
      if (run.protocol().origins(run.series().size()).isEmpty()) {
        throw new IllegalArgumentException(
            run.series().size()
                + " points leave no forecast origin: need more than --window ("
                + run.protocol().window()
                + " steps) plus --horizon ("
                + run.protocol().horizon()
                + " steps)");
      }
      CapacityBacktest.Progress progress =
          options.progress() || interactive ? new ProgressBar(err) : CapacityBacktest.Progress.NONE;
      report =
          CapacityBacktest.run(
              run.series(),
              Models.create(run.model()),
              run.protocol(),
              run.policy(),
              System::nanoTime,
              progress);
      if (options.forecasts().isPresent()) {
        ForecastsCsv.write(options.forecasts().get(), report.points());
      }
      if (options.chart().isPresent()) {
        new Chart(
                report.timeline(),
                "Kedastral backtest · " + input + " · " + run.model().name(),
                subtitle(report))
            .write(options.chart().get());
      }
    } catch (IOException e) {
      err.println("backtest: cannot write output: " + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      err.println("backtest: " + e.getMessage());
      return FAILED;
    }
    out.print(
        options.output().equals("json")
            ? ReportWriter.json(JsonMapper.builder().build(), input, run, report)
            : ReportWriter.text(input, run, report));
    out.flush();
    return OK;
  }

  private static String subtitle(CapacityReport r) {
    return String.format(
        Locale.ROOT,
        "MASE %.3f · under-provisioned steps: forecast plan %.1f %%, reactive %.1f %% · replica"
            + " cost vs oracle: forecast plan %.2f, reactive %.2f",
        r.accuracy().mase(),
        100 * r.forecast().underProvisionedRate(),
        100 * r.reactive().underProvisionedRate(),
        ReportWriter.costVsOracle(r.forecast(), r.oracle()),
        ReportWriter.costVsOracle(r.reactive(), r.oracle()));
  }

  private static int usageError(PrintStream err, UsageException e) {
    err.println("backtest: " + e.getMessage());
    err.println();
    err.print(usage());
    return USAGE;
  }

  /** Reads and cleans the input onto its grid. */
  private static TimeSeries read(BacktestOptions o) {
    Path file = o.input();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new InputException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e);
    }
    List<Sample> samples;
    try {
      samples = TraceCsv.parse(lines);
    } catch (IllegalArgumentException e) {
      throw new InputException(file + ": " + e.getMessage());
    }
    if (samples.stream().map(Sample::time).distinct().count() < 2) {
      throw new InputException(file + ": needs at least two samples with distinct timestamps");
    }
    var step = o.step().orElseGet(() -> SeriesCleaner.inferStep(samples));
    TimeSeries series = SeriesCleaner.clean(samples, step).series();
    if (series.size() < 2) {
      throw new InputException(file + ": fewer than two finite values");
    }
    return series;
  }

  /** Input that cannot be read or parsed (exit code 1). */
  private static final class InputException extends RuntimeException {
    InputException(String message) {
      super(message);
    }
  }

  static String usage() {
    return """
        usage: java -jar forecaster.jar backtest --input=FILE.csv [options]

        Replays a timestamp,value CSV walk-forward through a model and the capacity planner and
        reports forecast accuracy and the capacity outcome of the forecast plan, a reactive policy
        and the oracle (docs/BACKTEST.md).

          --input=FILE.csv          timestamp,value; YYYY-MM-DD HH:MM:SS (UTC), RFC 3339 or unix s
          --model=NAME              auto, baseline, arima, sarima or snaive (default baseline)
          --step=DURATION           grid of the series (default: inferred from the timestamps)
          --horizon=DURATION        forecast length per origin (default 1h)
          --window=DURATION         history each fit sees (default 7d)
          --stride=DURATION         time between origins (default: the horizon)
          --first-origin=FRACTION   start the walk at this fraction of the series (default 0)
          --season=STEPS            season in steps (default one day in steps)
          --order=P,D,Q             ARIMA orders (default: chosen by the model)
          --seasonal-order=P,D,Q    SARIMA seasonal orders (default: chosen by the model)
          --target-per-pod=N        metric value one replica handles (default 100)
          --lead-time=DURATION      pod start-up plus scaling delay (default 5m)
          --headroom=X              multiplier on the point forecast, >= 1 (default 1.2)
          --quantile-level=Q        plan on this quantile, e.g. 0.9 or p90 (default 0: off)
          --safety-margin=M         calibrated: the forecast's p90 capped at value x headroom,
                                    headroom: always value x headroom (default headroom, SPEC)
          --min=N  --max=N          replica bounds (default 1 and 100)
          --up-max-factor=X         growth limit per step (default 2)
          --down-max-percent=X      shrink limit per step, 0..100 (default 50)
          --prewarm-window=DURATION plan for the largest need this far ahead (default 0s)
          --reactive-floor=BOOL     never below what the latest value needs (default true)
          --output=text|json        report format on stdout (default text)
          --forecasts=OUT.csv       write origin,target_time,horizon_step,actual,forecast,p90
          --chart=OUT.png|OUT.html  draw actual, forecast, p90 band and the replica curves
          --progress                progress bar on stderr even without a terminal

        exit codes: 0 done, 1 unreadable input or failed run, 2 bad arguments
        """;
  }
}
