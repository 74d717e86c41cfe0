package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/deploy.sh}, run with bash. There is no cluster here, so {@code kubectl} is a fake:
 * a script first on PATH that records each call's arguments and answers {@code apply -o name} with
 * the objects the overlay really renders to (from the real {@code kubectl kustomize}). That is
 * enough to check what the script asks kubectl to do; what kubectl then does to a cluster is
 * kubectl's business.
 */
class DeployScriptTest {

  private static final Path ROOT = CrossChecks.root();
  private static final Path SCRIPT = ROOT.resolve("deploy/deploy.sh");
  private static final String OVERLAYS = ROOT.resolve("deploy/kustomize/overlays").toString();

  @TempDir Path fake;
  private Path calls;

  @BeforeEach
  void installFakeKubectl() throws IOException {
    calls = fake.resolve("calls");
    Path kubectl = fake.resolve("kubectl");
    // One line per call, arguments separated by a tab. `apply` answers with the file "apply-output"
    // and exits with the number in "apply-exit" (0 when absent).
    Files.writeString(
        kubectl,
        """
        #!/usr/bin/env bash
        dir=$(dirname "$0")
        (IFS=$'\\t'; printf '%s\\n' "$*") >> "$dir/calls"
        for arg in "$@"; do
          if [[ $arg == apply ]]; then
            [[ -f "$dir/apply-output" ]] && cat "$dir/apply-output"
            exit "$(cat "$dir/apply-exit" 2>/dev/null || echo 0)"
          fi
        done
        exit 0
        """);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Commands.Result deploy(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    String path = fake + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return Commands.run(command, ROOT, Map.of("PATH", path), Commands.TIMEOUT);
  }

  private List<List<String>> calls() throws IOException {
    if (!Files.exists(calls)) {
      return List.of();
    }
    return Files.readAllLines(calls).stream().map(line -> List.of(line.split("\t"))).toList();
  }

  /** The overlay's objects as `kubectl apply -o name` prints them. */
  private List<String> objectsOf(String overlay) throws IOException {
    List<String> names = new ArrayList<>();
    for (Manifests.Doc doc :
        Manifests.parse(Commands.kustomize(Path.of(OVERLAYS, overlay)), overlay)) {
      String group = doc.apiVersion().contains("/") ? "." + doc.apiVersion().split("/")[0] : "";
      names.add(doc.kind().toLowerCase() + group + "/" + doc.name());
    }
    Files.writeString(fake.resolve("apply-output"), String.join("\n", names) + "\n");
    return names;
  }

  @Test
  void withoutArgumentsPrintsUsageAndExits2() throws IOException {
    Commands.Result result = deploy();
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    assertThat(result.stderr()).contains("ENV is missing").contains("Usage:");
    assertThat(calls()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"prod", "../kustomize/base", "production/../staging", "Production", ""})
  void anUnknownEnvironmentPrintsUsageAndExits2(String env) throws IOException {
    Commands.Result result = deploy(env);
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    assertThat(result.stderr()).contains("Usage:");
    assertThat(calls()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--force", "--timeout=soon", "--context"})
  void aBadOptionPrintsUsageAndExits2(String option) throws IOException {
    Commands.Result result = deploy(option, "production");
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    assertThat(result.stderr()).contains("Usage:");
    assertThat(calls()).isEmpty();
  }

  @Test
  void helpListsTheOverlaysAndExits0() {
    Commands.Result result = deploy("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("development production staging").contains("--dry-run");
  }

  @Test
  void productionAppliesTheOverlayThenWaitsForEveryDeploymentAndSaysHowToReachThem()
      throws IOException {
    List<String> objects = objectsOf("production");
    Commands.Result result = deploy("production");
    assertThat(result.exitCode()).as(result.describe()).isZero();

    List<List<String>> calls = calls();
    assertThat(calls.getFirst())
        .containsExactly("apply", "-k", OVERLAYS + "/production", "-o", "name");
    List<String> deployments =
        objects.stream().filter(o -> o.startsWith("deployment.apps/")).toList();
    assertThat(deployments).hasSizeGreaterThanOrEqualTo(2);
    assertThat(calls.subList(1, calls.size()))
        .containsExactlyElementsOf(
            deployments.stream()
                .map(d -> List.of("-n", "kedastral", "rollout", "status", d, "--timeout", "5m"))
                .toList());
    assertThat(result.stdout())
        .contains(
            "kubectl -n kedastral port-forward svc/kedastral-forecaster-my-api 8081:8081",
            "kubectl -n kedastral port-forward svc/kedastral-scaler 8082:8082",
            "scalerAddress: kedastral-scaler.kedastral.svc.cluster.local:50051");
  }

  @Test
  void contextAndTimeoutReachEveryKubectlCall() throws IOException {
    objectsOf("development");
    Commands.Result result = deploy("--context", "kind-dev", "--timeout=90s", "development");
    assertThat(result.exitCode()).as(result.describe()).isZero();
    List<List<String>> calls = calls();
    assertThat(calls).hasSizeGreaterThan(1);
    for (List<String> call : calls) {
      assertThat(call.subList(0, 2)).containsExactly("--context", "kind-dev");
    }
    assertThat(calls.subList(1, calls.size()))
        .allSatisfy(c -> assertThat(c).endsWith("--timeout", "90s"));
    assertThat(result.stdout()).contains("kubectl --context kind-dev -n kedastral port-forward");
  }

  @Test
  void dryRunAppliesClientSideOnlyAndWaitsForNothing() throws IOException {
    objectsOf("staging");
    Commands.Result result = deploy("--dry-run", "staging");
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(calls())
        .containsExactly(
            List.of("apply", "-k", OVERLAYS + "/staging", "-o", "name", "--dry-run=client"));
  }

  @Test
  void aFailingApplyStopsTheScriptBeforeAnyRollout() throws IOException {
    Files.writeString(fake.resolve("apply-exit"), "1");
    Commands.Result result = deploy("production");
    assertThat(result.exitCode()).as(result.describe()).isNotZero();
    assertThat(calls()).hasSize(1);
  }

  @Test
  void theScriptIsShellcheckClean() {
    Path shellcheck = Commands.onPath("shellcheck");
    assumeTrue(shellcheck != null, "shellcheck is not installed (apt-get install shellcheck)");
    Commands.Result result =
        Commands.run(
            List.of(shellcheck.toString(), SCRIPT.toString()), ROOT, Map.of(), Commands.TIMEOUT);
    assertThat(result.exitCode()).as(result.describe()).isZero();
  }
}
