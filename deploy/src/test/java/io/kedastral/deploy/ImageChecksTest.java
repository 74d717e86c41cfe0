package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The disagreements {@link ImageChecks} finds. Every example, overlay and chart render goes through
 * it as part of {@link CrossChecks} (ExamplesTest, KustomizeTest, HelmChartTest).
 */
class ImageChecksTest {
  private static final Path ROOT = CrossChecks.root();

  @Test
  void disagreementsAreListed() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: s, namespace: kedastral}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              securityContext: {runAsUser: 10001}
              containers:
                - name: scaler
                  image: ghcr.io/kedastral/scaler:0.1.0
                  command: ["java", "-jar", "/app.jar"]
                  ports: [{containerPort: 50051}, {containerPort: 9000}]
                  securityContext: {readOnlyRootFilesystem: true, runAsGroup: 65532}
                - name: sidecar
                  image: example.org/other:1
                  command: ["sleep"]
        """;

    assertThat(ImageChecks.problems(Manifests.parse(yaml, "test")))
        .containsExactly(
            "Deployment/s (test #0) container scaler: sets command, replacing the entrypoint (and its JVM flags)",
            "Deployment/s (test #0) container scaler: containerPort 9000 is not exposed by "
                + ROOT.resolve("Dockerfile.scaler"),
            "Deployment/s (test #0) container scaler: runAsUser 10001, the image's USER is 65532",
            "Deployment/s (test #0) container scaler: read-only root filesystem without a volume on /tmp");
  }
}
