package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileTest {
  private static final String GOOD =
      """
      # syntax=docker/dockerfile:1.7
      FROM eclipse-temurin:25-jdk AS build
      USER 0
      ENTRYPOINT ["mvn"]
      HEALTHCHECK CMD true

      FROM eclipse-temurin:25-jre
      LABEL a="b" \\
            c="d"
      WORKDIR /app
      COPY --from=build /build/extracted/dependencies/ ./
      COPY --from=build /build/extracted/application/ ./
      ENV HOME=/tmp GREETING="hello world"
      ENV LEGACY some value
      USER 65532:65532
      VOLUME /tmp
      EXPOSE 8081 8091/tcp
      ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", \\
        # a comment inside a continuation
        "-Dquote=\\"x\\"", "org.example.Main"]
      """;

  @Test
  void readsTheRuntimeStageOnly() {
    Dockerfile d = Dockerfile.parse(GOOD, "good");

    assertThat(d.problems()).isEmpty();
    assertThat(d.argv())
        .containsExactly("java", "-XX:MaxRAMPercentage=60", "-Dquote=\"x\"", "org.example.Main");
    assertThat(d.user()).isEqualTo("65532:65532");
    assertThat(d.workdir()).isEqualTo("/app");
    assertThat(d.env())
        .containsEntry("HOME", "/tmp")
        .containsEntry("GREETING", "hello world")
        .containsEntry("LEGACY", "some value");
    assertThat(d.volumes()).containsExactly("/tmp");
    assertThat(d.exposed()).containsExactly("8081", "8091/tcp");
    assertThat(ImageLayout.layers(d)).containsExactly("dependencies", "application");
  }

  @Test
  void cmdOfTheStageFollowsTheEntrypoint() {
    Dockerfile d = Dockerfile.parse(GOOD + "CMD [\"--flag\"]\n", "cmd");

    assertThat(d.argv()).endsWith("org.example.Main", "--flag");
  }

  @Test
  void aHealthcheckIsAProblem() {
    Dockerfile d =
        Dockerfile.parse(GOOD + "HEALTHCHECK CMD curl -f localhost:8081/healthz\n", "hc");

    assertThat(d.problems()).singleElement().asString().startsWith("HEALTHCHECK CMD curl");
  }

  @Test
  void healthcheckNoneIsAllowed() {
    assertThat(Dockerfile.parse(GOOD + "HEALTHCHECK NONE\n", "none").problems()).isEmpty();
  }

  @Test
  void shellFormEntrypointIsAProblem() {
    Dockerfile d = Dockerfile.parse(GOOD + "ENTRYPOINT java -jar app.jar\n", "shell");

    assertThat(d.problems()).singleElement().asString().contains("not in exec form");
    assertThat(d.argv()).isEmpty();
  }

  @Test
  void malformedExecFormIsAProblem() {
    for (String bad : List.of("[\"java\" \"x\"]", "[java]", "[\"java\",]x]", "[\"unterminated]")) {
      assertThat(Dockerfile.parse(GOOD + "ENTRYPOINT " + bad + "\n", bad).problems())
          .as(bad)
          .singleElement()
          .asString()
          .contains("ENTRYPOINT is not");
    }
  }

  @Test
  void everythingMissingIsListed() {
    Dockerfile d = Dockerfile.parse("FROM scratch\nCOPY a b\n", "bare");

    assertThat(d.problems())
        .containsExactly(
            "the runtime stage has no ENTRYPOINT",
            "the runtime stage has no USER (it would run as root)",
            "the runtime stage has no WORKDIR",
            "the runtime stage has no VOLUME (the writable /tmp)",
            "the runtime stage has no EXPOSE");
  }

  @Test
  void rootOrNamedUserIsAProblem() {
    for (String user : List.of("0", "0:0", "root", "kedastral")) {
      assertThat(Dockerfile.parse(GOOD + "USER " + user + "\n", user).problems())
          .as(user)
          .singleElement()
          .asString()
          .contains("not a numeric non-root");
    }
  }

  @Test
  void theRepositoryDockerfilesHaveNoProblems() {
    Path root = Path.of(System.getProperty("kedastral.root", "."));
    for (String name : List.of("Dockerfile.forecaster", "Dockerfile.scaler")) {
      assertThat(Dockerfile.parse(root.resolve(name)).problems()).as(name).isEmpty();
    }
  }
}
