package io.kedastral.deploy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs Helm (helm-java's bundled native Helm 3, no binary and no network needed) on the chart
 * {@code deploy/helm/kedastral}: {@code helm template} and {@code helm lint --strict}, each with a
 * values file.
 *
 * <p>helm-java's lint has no values-file option, so {@link #lint(Path)} lints a copy of the chart
 * whose {@code values.yaml} is the chart's merged with the given file the way Helm merges {@code
 * -f} files (maps merged key by key, everything else replaced, {@code null} removes a key): that is
 * what {@code helm lint -f file} checks.
 */
final class HelmChart {

  static final String RELEASE = "kedastral";
  static final String NAMESPACE = "kedastral";

  /**
   * helm-java's Helm defaults to Kubernetes v1.20 (the chart needs 1.25+); kubectl here is 1.32.
   */
  static final String KUBE_VERSION = "1.32.0";

  static {
    // The native library comes from the linux-amd64 jar on the test class path; never let
    // helm-java fall back to downloading one (the build runs offline).
    System.setProperty("com.marcnuri.jkube-helm.skipRemoteJar", "true");
  }

  private HelmChart() {}

  static Path dir() {
    return CrossChecks.root().resolve("deploy/helm/kedastral");
  }

  static Path ciDir() {
    return dir().resolve("ci");
  }

  /** The values files of {@code ci/}, in name order. */
  static List<Path> ciValuesFiles() {
    try (var files = Files.list(ciDir())) {
      return files.filter(p -> p.toString().endsWith("-values.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm template} with the given values files (none = the chart's defaults). */
  static String template(Path... valuesFiles) {
    TemplateCommand command =
        new Helm(dir())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    return command.call();
  }

  /**
   * The release notes ({@code NOTES.txt}) as {@code helm install --dry-run=client} prints them; no
   * cluster is contacted.
   */
  static String notes(Path... valuesFiles) {
    InstallCommand command =
        new Helm(dir())
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .clientOnly()
            .withDryRunOption(DryRun.CLIENT);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    String output = command.call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("no NOTES in:\n" + output);
    }
    return output.substring(notes + "NOTES:".length());
  }

  /** {@code helm template} with values given as YAML text. */
  static String templateWith(String valuesYaml, Path tempDir) {
    try {
      Path file = Files.createTempFile(tempDir, "values-", ".yaml");
      Files.writeString(file, valuesYaml);
      return template(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rendered documents, parsed. */
  static List<Manifests.Doc> render(Path... valuesFiles) {
    String source =
        valuesFiles.length == 0 ? "helm template (defaults)" : "helm template -f " + valuesFiles[0];
    return Manifests.parse(template(valuesFiles), source);
  }

  /** {@code helm lint --strict} as with {@code -f valuesFile} (null: the chart's own values). */
  static LintResult lint(Path valuesFile, Path tempDir) {
    if (valuesFile == null) {
      return new Helm(dir()).lint().strict().call();
    }
    Path copy = tempDir.resolve("kedastral");
    DeployFiles.copyTree(dir(), copy);
    Yaml yaml = new Yaml();
    Map<String, Object> values = read(yaml, dir().resolve("values.yaml"));
    Map<String, Object> overrides = read(yaml, valuesFile);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    try {
      Files.writeString(
          copy.resolve("values.yaml"), new Yaml(options).dump(merge(values, overrides)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Helm(copy).lint().strict().call();
  }

  /** Helm's coalescing of a values file over the chart's values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    overrides.forEach(
        (key, value) -> {
          Object old = merged.get(key);
          if (value == null) {
            merged.remove(key);
          } else if (value instanceof Map<?, ?> map && old instanceof Map<?, ?> oldMap) {
            merged.put(key, merge((Map<String, Object>) oldMap, (Map<String, Object>) map));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }

  private static Map<String, Object> read(Yaml yaml, Path file) {
    try {
      Map<String, Object> map = yaml.load(Files.readString(file));
      return map == null ? Map.of() : map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
