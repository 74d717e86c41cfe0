package io.kedastral.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsProblemsTest {

  @Test
  void readsValidValues() {
    SettingsProblems p = new SettingsProblems();

    assertThat(p.duration("STEP", " 1w2d ", Duration.ofSeconds(1))).isEqualTo(Duration.ofDays(9));
    assertThat(p.httpUrl("PROM_URL", "http://vm:8481/select/0/prometheus", "x"))
        .isEqualTo(URI.create("http://vm:8481/select/0/prometheus"));
    assertThat(p.integer("MIN", "0", 0)).isZero();
    assertThat(p.integer("PORT", "65535", 0, 65535)).isEqualTo(65535);
    assertThat(p.number("HEADROOM", "1.5", v -> v >= 1, "a number >= 1")).isEqualTo(1.5);
    assertThat(p.bool("FLAG", "TRUE")).isTrue();
    assertThat(p.required("WORKLOAD", " api ")).isEqualTo("api");
    assertThat(p.isEmpty()).isTrue();
    p.throwIfAny();
  }

  @Test
  void collectsEveryProblemWithTheVariableTheValueAndWhatIsAllowed() {
    SettingsProblems p = new SettingsProblems();

    assertThat(p.duration("STEP", "5 minutes", Duration.ofSeconds(1))).isNull();
    assertThat(p.duration("LEAD_TIME", "0s", Duration.ofSeconds(1))).isNull();
    assertThat(p.httpUrl("PROM_URL", "http://p:9090/?q=1", "http://prometheus:9090")).isNull();
    assertThat(p.httpUrl("PROM_URL", "ftp://p", "http://prometheus:9090")).isNull();
    assertThat(p.integer("MIN", "-1", 0)).isNull();
    assertThat(p.integer("PORT", "70000", 0, 65535)).isNull();
    assertThat(p.integer("PORT", "eighty", 0, 65535)).isNull();
    assertThat(p.number("HEADROOM", "NaN", v -> v >= 1, "a number >= 1")).isNull();
    assertThat(p.bool("FLAG", "yes")).isNull();
    assertThat(p.required("WORKLOAD", "  ")).isNull();

    assertThatThrownBy(p::throwIfAny)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "STEP='5 minutes' is invalid: allowed is a duration of at least 1s such as"
                            + " 30s, 5m, 2h, 7d or 1w2d",
                        "LEAD_TIME='0s' is invalid: allowed is a duration of at least 1s such as"
                            + " 30s, 5m, 2h, 7d or 1w2d",
                        "PROM_URL='http://p:9090/?q=1' is invalid: allowed is an http:// or"
                            + " https:// URL without query, e.g. http://prometheus:9090",
                        "PROM_URL='ftp://p' is invalid: allowed is an http:// or https:// URL"
                            + " without query, e.g. http://prometheus:9090",
                        "MIN='-1' is invalid: allowed is a whole number >= 0",
                        "PORT='70000' is invalid: allowed is a whole number from 0 to 65535",
                        "PORT='eighty' is invalid: allowed is a whole number from 0 to 65535",
                        "HEADROOM='NaN' is invalid: allowed is a number >= 1",
                        "FLAG='yes' is invalid: allowed is true or false",
                        "WORKLOAD is required but not set"))
        .hasMessageStartingWith("Invalid configuration:\n  - STEP='5 minutes'");
  }
}
