package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every YAML file under {@code examples/} and {@code deploy/} parses (Helm templates excepted: they
 * are Go templates, checked rendered by {@code HelmChartTest}). The objects themselves are
 * validated where they are applied from: {@code ExamplesTest}, {@code KustomizeTest} and {@code
 * HelmChartTest}.
 */
class YamlFilesTest {

  private static final Path ROOT = CrossChecks.root();

  static List<Path> yamlFiles() {
    List<Path> files = new ArrayList<>(Manifests.yamlFiles(ROOT.resolve("examples")));
    for (Path file : Manifests.yamlFiles(ROOT.resolve("deploy"))) {
      String relative = ROOT.resolve("deploy").relativize(file).toString().replace('\\', '/');
      if (!relative.matches("helm/[^/]+/templates/.*") && !relative.startsWith("target/")) {
        files.add(file);
      }
    }
    return files;
  }

  @Test
  void everyYamlFileParses() {
    List<Path> files = yamlFiles();
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      Manifests.parse(file);
    }
  }
}
