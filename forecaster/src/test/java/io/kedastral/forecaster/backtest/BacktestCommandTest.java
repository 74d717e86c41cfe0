package io.kedastral.forecaster.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The backtest command end to end, in-process, on a small shared trace (14 days at 5 minutes). */
class BacktestCommandTest {
  private static final Path TRACE =
      SharedData.dir().resolve("data/nab/ec2_cpu_utilization_5f5533.csv");

  @TempDir Path dir;

  /** What one run printed. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        BacktestCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String[] on(Path input, String... more) {
    List<String> args = new ArrayList<>(List.of("--input=" + input, "--target-per-pod=10"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void printsTheTextReport() {
    Run r = run(on(TRACE, "--model=baseline"));

    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(12);
    assertThat(lines[0])
        .isEqualTo(
            "backtest  ec2_cpu_utilization_5f5533.csv: 4032 points of 5m from"
                + " 2014-02-14T14:25:00Z to 2014-02-28T14:20:00Z");
    assertThat(lines[1])
        .isEqualTo(
            "settings  model=baseline horizon=12 window=2016 stride=12 season=288 lead-time=1"
                + " steps; first origin at 0.00 of the series");
    assertThat(lines[2]).isEmpty();
    assertThat(lines[3])
        .isEqualTo(
            "accuracy  windows  points        mae       rmse   mape%  smape%   mase  pinball90"
                + "    fit-ms");
    assertThat(lines[4])
        .matches(
            "baseline      168    2016 +\\d+\\.\\d{3} +\\d+\\.\\d{3} +\\d+\\.\\d{2} +\\d+\\.\\d{2}"
                + " +0\\.\\d{3} +\\d+\\.\\d{3} +\\d+\\.\\d{2}");
    assertThat(lines[6])
        .isEqualTo("capacity    steps   under    rate over-provision mean-replicas cost-vs-oracle");
    assertThat(lines[7])
        .matches("forecast     2016 +\\d+ +0\\.\\d{4} +\\d+\\.\\d{3} +\\d+\\.\\d{3} +\\d\\.\\d{3}");
    assertThat(lines[8]).startsWith("reactive     2016 ");
    assertThat(lines[9])
        .matches(
            "oracle       2016       0  0\\.0000          0\\.000 +\\d+\\.\\d{3}          1\\.000");
    assertThat(lines[11]).isEqualTo("forecasts by  baseline(daily) x168");
  }

  @Test
  void printsTheJsonReportWithTheSpecFiguresAndLooselyExpectedValues() {
    Run r = run(on(TRACE, "--model=baseline", "--output=json", "--progress"));

    assertThat(r.exit()).isZero();
    JsonNode json = JsonMapper.builder().build().readTree(r.out());
    assertThat(json.propertyNames())
        .containsExactly(
            "model",
            "windows",
            "points",
            "mae",
            "rmse",
            "mape",
            "smape",
            "mase",
            "pinball90",
            "underProvisionedRate",
            "meanOverProvision",
            "forecast",
            "reactive",
            "oracle",
            "medianFitMillis",
            "forecastsBy",
            "settings");
    assertThat(json.get("reactive").propertyNames())
        .containsExactly(
            "steps",
            "underProvisionedSteps",
            "underProvisionedRate",
            "meanOverProvision",
            "meanReplicas",
            "costVsOracle");
    assertThat(json.get("model").asString()).isEqualTo("baseline");
    assertThat(json.get("windows").asInt()).isEqualTo(168);
    assertThat(json.get("points").asInt()).isEqualTo(2016);
    assertThat(json.get("mase").asDouble()).isBetween(0.2, 0.6);
    assertThat(json.get("pinball90").isNumber()).isTrue();
    // the forecast plan is short far less often than an HPA on the metric, at a modest cost
    double forecastShort = json.get("underProvisionedRate").asDouble();
    assertThat(forecastShort)
        .isLessThan(json.get("reactive").get("underProvisionedRate").asDouble());
    assertThat(json.get("forecast").get("costVsOracle").asDouble()).isBetween(1.0, 1.5);
    assertThat(json.get("oracle").get("underProvisionedSteps").asInt()).isZero();
    assertThat(json.get("settings").get("leadTimeSteps").asInt()).isEqualTo(1);
    assertThat(json.get("settings").get("safetyMargin").asString()).isEqualTo("headroom");
    // the progress bar went to stderr only
    assertThat(r.err()).contains("100% 168/168 origins");
  }

  @Test
  void theCalibratedMarginNeverCostsMoreThanTheFixedHeadroom() {
    JsonMapper mapper = JsonMapper.builder().build();
    JsonNode calibrated =
        mapper.readTree(run(on(TRACE, "--output=json", "--safety-margin=calibrated")).out());
    JsonNode headroom = mapper.readTree(run(on(TRACE, "--output=json")).out());

    assertThat(headroom.get("settings").get("safetyMargin").asString()).isEqualTo("headroom");
    double calibratedCost = calibrated.get("forecast").get("meanReplicas").asDouble();
    double headroomCost = headroom.get("forecast").get("meanReplicas").asDouble();
    // the p90 of this accurate baseline is well inside the 20 % headroom: cheaper, not dearer
    assertThat(calibratedCost).isLessThan(headroomCost);
    assertThat(calibrated.get("mase").asDouble()).isEqualTo(headroom.get("mase").asDouble());
  }

  @Test
  void reportsNullPinballForAModelWithoutQuantiles() {
    Run r = run(on(TRACE, "--model=snaive", "--output=json", "--first-origin=0.75"));

    JsonNode json = JsonMapper.builder().build().readTree(r.out());
    assertThat(json.get("pinball90").isNull()).isTrue();
    assertThat(json.get("forecastsBy").get("seasonal-naive[288]").asInt())
        .isEqualTo(json.get("windows").asInt());
  }

  @Test
  void writesOneForecastRowPerOriginAndStep() throws IOException {
    Path out = dir.resolve("f.csv");

    Run r = run(on(TRACE, "--model=baseline", "--first-origin=0.9", "--forecasts=" + out));

    assertThat(r.exit()).isZero();
    List<String> rows = Files.readAllLines(out);
    assertThat(rows.get(0)).isEqualTo("origin,target_time,horizon_step,actual,forecast,p90");
    assertThat(rows).hasSize(1 + 33 * 12);
    for (int i = 1; i < rows.size(); i++) {
      String[] c = rows.get(i).split(",", -1);
      assertThat(c).hasSize(6);
      int h = Integer.parseInt(c[2]);
      assertThat(h).isEqualTo((i - 1) % 12 + 1);
      assertThat(Duration.between(Instant.parse(c[0]), Instant.parse(c[1])))
          .isEqualTo(Duration.ofMinutes(5L * h));
      assertThat(Double.parseDouble(c[5])).isGreaterThanOrEqualTo(Double.parseDouble(c[4]));
    }
    assertThat(rows.get(1)).startsWith("2014-02-27T04:40:00Z,2014-02-27T04:45:00Z,1,38.592,");
  }

  @Test
  void drawsThePngAndTheSelfContainedHtmlChart() throws Exception {
    Path png = dir.resolve("chart.png");
    Path html = dir.resolve("chart.html");

    assertThat(run(on(TRACE, "--first-origin=0.8", "--chart=" + png)).exit()).isZero();
    assertThat(run(on(TRACE, "--first-origin=0.8", "--chart=" + html)).exit()).isZero();

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(720);
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg ", "<polyline ", "<polygon ");
    assertThat(page).contains("forecast plan", "reactive", "oracle", "p90 band");
    // self-contained: no script, no link, no URL but the SVG namespace
    assertThat(page).doesNotContain("<script", "<link", "https://");
    assertThat(page.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://");
    String svg = page.substring(page.indexOf("<svg"), page.indexOf("</svg>") + 6);
    var document =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(document.getDocumentElement().getAttribute("width")).isEqualTo("1200");
  }

  @Test
  void readsTheThreeTimestampFormatsAlike() throws IOException {
    List<String> space = new ArrayList<>(List.of("timestamp,value"));
    List<String> rfc = new ArrayList<>(List.of("timestamp,value"));
    List<String> unix = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < 9 * 24; i++) {
      Instant t = t0.plus(Duration.ofHours(i));
      double v = 200 + 100 * Math.sin(2 * Math.PI * i / 24) + (i % 7);
      space.add(t.toString().replace("T", " ").replace("Z", "") + "," + v);
      rfc.add(t.atOffset(java.time.ZoneOffset.ofHours(2)) + "," + v);
      unix.add(t.getEpochSecond() + "," + v);
    }
    List<String> outputs = new ArrayList<>();
    for (List<String> lines : List.of(space, rfc, unix)) {
      Path f = dir.resolve("t" + outputs.size() + ".csv");
      Files.write(f, lines);
      Run r = run("--input=" + f, "--model=snaive", "--output=json");
      assertThat(r.exit()).as(r.err()).isZero();
      outputs.add(
          r.out()
              .replaceAll("\"input\":\"t\\d.csv\"", "")
              .replaceAll("\"medianFitMillis\":[0-9.E-]+", ""));
    }
    assertThat(outputs.get(1)).isEqualTo(outputs.get(0));
    assertThat(outputs.get(2)).isEqualTo(outputs.get(0));
    assertThat(outputs.get(0)).contains("\"stepSeconds\":3600", "\"seriesPoints\":216");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--bogus=1|unknown option --bogus",
        "--model=prophet|--model='prophet' is invalid: allowed is auto, baseline, arima, sarima, snaive",
        "--horizon=soon|--horizon='soon' is invalid: allowed is a duration",
        "--horizon=7m|--horizon='7m' is invalid: allowed is a whole number of steps of 5m",
        "--stride=2h|--stride plus --lead-time must fit in --horizon",
        "--window=1h|--window='1h' is invalid: allowed is more than one season",
        "--output=xml|--output='xml' is invalid: allowed is text, json",
        "--chart=out.svg|--chart='out.svg' is invalid: allowed is a file ending in .png or .html",
        "--min=5|--max='4' is invalid: allowed is at least --min (5)",
        "--headroom=0.5|--headroom='0.5' is invalid: allowed is a number >= 1",
        "--quantile-level=2|--quantile-level='2' is invalid",
        "--safety-margin=p90|--safety-margin='p90' is invalid: allowed is calibrated, headroom",
        "--order=1,2|--order='1,2' is invalid: allowed is three orders from 0 to 5",
        "--progress=yes|--progress is a flag and takes no value",
        "--season=1|--season='1' is invalid: allowed is a whole number >= 2",
      })
  void rejectsBadArgumentsWithExitCodeTwoNamingTheArgument(String arg, String message) {
    List<String> args = new ArrayList<>(List.of(on(TRACE)));
    args.add(arg);
    if (arg.startsWith("--min")) {
      args.add("--max=4");
    }

    Run r = run(args.toArray(String[]::new));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("backtest: ").contains(message).contains("usage: java -jar");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void requiresTheInputAndASeasonWhenOneDayIsNotAWholeNumberOfSteps() throws IOException {
    assertThat(run("--model=baseline").err()).contains("--input=FILE.csv is required");
    Path f = dir.resolve("seven.csv");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      lines.add((1_700_000_000L + 420L * i) + "," + (i % 50));
    }
    Files.write(f, lines);
    Run r = run("--input=" + f, "--horizon=7m");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--season is required: one day is not a whole number");
  }

  @Test
  void failsWithExitCodeOneOnUnreadableOrMalformedInput() throws IOException {
    Run missing = run("--input=" + dir.resolve("nope.csv"));
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("backtest: cannot read ").contains("nope.csv");

    Path bad = dir.resolve("bad.csv");
    Files.write(bad, List.of("timestamp,value", "2026-11-01 00:00:00,1", "2026-11-01 00:05:00;2"));
    Run malformed = run("--input=" + bad);
    assertThat(malformed.exit()).isEqualTo(1);
    assertThat(malformed.err()).contains("bad.csv: line 3: expected 'timestamp,value'");

    Path shortTrace = dir.resolve("short.csv");
    Files.write(shortTrace, List.of("2026-11-01 00:00:00,1", "2026-11-01 00:05:00,2"));
    Run tooShort = run("--input=" + shortTrace);
    assertThat(tooShort.exit()).isEqualTo(1);
    assertThat(tooShort.err()).contains("2 points leave no forecast origin");
  }

  @ParameterizedTest
  @CsvSource({"arima, arima(", "sarima, sarima("})
  void backtestsArimaAndSarima(String model, String fitted) {
    Run r = run(on(TRACE, "--model=" + model, "--first-origin=0.95", "--output=json"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = JsonMapper.builder().build().readTree(r.out());
    assertThat(json.get("model").asString()).isEqualTo(model);
    assertThat(json.get("windows").asInt()).isPositive();
    assertThat(json.get("forecastsBy").propertyNames()).allMatch(d -> d.startsWith(fitted));
    assertThat(json.get("mase").asDouble()).isBetween(0.1, 0.8);
  }

  @Test
  void printsUsageOnHelp() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("usage: java -jar forecaster.jar backtest --input=FILE.csv");
  }
}
