package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and checks Kubernetes manifests the way the API server would, without a cluster.
 *
 * <ul>
 *   <li>Built-in kinds of the API versions a current cluster serves ({@link #BUILT_IN_VERSIONS})
 *       are deserialised into fabric8's models; a field the model does not know, or a value of the
 *       wrong type, ends up in a model's {@code additionalProperties} and is reported with its path
 *       (kubectl's default {@code --validate=strict} refuses both). A few rules the API server
 *       enforces beyond the types are checked too (names, selectors, container ports, env names,
 *       quantities).
 *   <li>ScaledObject, TriggerAuthentication, ServiceMonitor and PrometheusRule are validated
 *       against their CRD schemas in {@code ../shared/schemas} by {@link CrdSchemas}.
 *   <li>Any other kind is a problem: nothing may slip through unchecked.
 * </ul>
 */
public final class Manifests {

  /** One YAML document of a manifest file or of rendered output. */
  public record Doc(String source, int index, Map<String, Object> tree, JsonNode json) {

    public String apiVersion() {
      return text("apiVersion");
    }

    public String kind() {
      return text("kind");
    }

    public String name() {
      return json.path("metadata").path("name").asString("");
    }

    public String namespace() {
      return json.path("metadata").path("namespace").asString("");
    }

    /** "Kind/name (source #index)", for messages. */
    public String where() {
      return kind() + "/" + name() + " (" + source + " #" + index + ")";
    }

    private String text(String field) {
      JsonNode node = json.get(field);
      return node == null || !node.isString() ? "" : node.asString();
    }
  }

  /** The API versions of built-in kinds a Kubernetes 1.29+ cluster serves. */
  static final Set<String> BUILT_IN_VERSIONS =
      Set.of(
          "v1",
          "apps/v1",
          "policy/v1",
          "networking.k8s.io/v1",
          "rbac.authorization.k8s.io/v1",
          "autoscaling/v2",
          "batch/v1");

  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  private Manifests() {}

  /** Every non-empty YAML document of a file. */
  public static List<Doc> parse(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every non-empty YAML document of {@code yaml} (a multi-document stream such as {@code helm
   * template} prints); a document that does not parse, or is not a mapping, fails with the source
   * and the document's index.
   */
  public static List<Doc> parse(String yaml, String source) {
    List<Doc> docs = new ArrayList<>();
    int index = 0;
    try (var values = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (values.hasNextValue()) {
        JsonNode node;
        try {
          node = (JsonNode) values.nextValue();
        } catch (JacksonException e) {
          throw new AssertionError(
              source + ": YAML document #" + index + " does not parse: " + e.getOriginalMessage(),
              e);
        }
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          if (!node.isObject()) {
            throw new AssertionError(
                source
                    + ": YAML document #"
                    + index
                    + " is not a mapping but "
                    + node.getNodeType());
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> tree = JSON.convertValue(node, Map.class);
          docs.add(new Doc(source, index, tree, node));
        }
        index++;
      }
    } catch (JacksonException e) {
      throw new AssertionError(
          source + ": YAML document #" + index + " does not parse: " + e.getOriginalMessage(), e);
    }
    return docs;
  }

  /** Every YAML file ({@code .yaml}, {@code .yml}) under a directory, in path order. */
  public static List<Path> yamlFiles(Path dir) {
    try (var paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is wrong with one document; empty when the API server would accept it. */
  public static List<String> problems(Doc doc) {
    List<String> problems = new ArrayList<>();
    String apiVersion = doc.apiVersion();
    String kind = doc.kind();
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      problems.add(doc.where() + ": apiVersion and kind are required");
      return problems;
    }
    checkMetadata(doc, problems);
    if (CrdSchemas.covers(apiVersion, kind)) {
      CrdSchemas.validate(doc, problems);
      return problems;
    }
    Class<? extends KubernetesResource> type =
        KUBERNETES.getRegisteredKubernetesResource(apiVersion, kind);
    if (type == null || !BUILT_IN_VERSIONS.contains(apiVersion)) {
      problems.add(
          doc.where()
              + ": unknown kind "
              + apiVersion
              + "/"
              + kind
              + " (neither a built-in kind of "
              + BUILT_IN_VERSIONS
              + " nor a CRD with a schema in ../shared/schemas)");
      return problems;
    }
    Object model;
    try {
      model = KUBERNETES.unmarshal(JSON.writeValueAsString(doc.json()), type);
    } catch (RuntimeException e) {
      problems.add(doc.where() + ": does not deserialise as " + type.getSimpleName() + ": " + e);
      return problems;
    }
    walk(model, kind, problems, doc);
    BuiltInRules.check(doc, problems);
    return problems;
  }

  /** Fails listing every problem of every document; also fails on an empty list. */
  public static void assertValid(List<Doc> docs) {
    if (docs.isEmpty()) {
      fail("no Kubernetes objects to validate");
    }
    List<String> all = new ArrayList<>();
    for (Doc doc : docs) {
      all.addAll(problems(doc));
    }
    if (!all.isEmpty()) {
      fail(all.size() + " problem(s):\n  " + String.join("\n  ", all));
    }
  }

  /** The documents of one kind. */
  public static List<Doc> ofKind(List<Doc> docs, String kind) {
    return docs.stream().filter(d -> d.kind().equals(kind)).toList();
  }

  private static void checkMetadata(Doc doc, List<String> problems) {
    JsonNode metadata = doc.json().get("metadata");
    if (metadata == null || !metadata.isObject()) {
      problems.add(doc.where() + ": metadata is required");
      return;
    }
    String name = doc.name();
    if (name.isEmpty()) {
      problems.add(doc.where() + ": metadata.name is required");
    } else if (name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
      problems.add(doc.where() + ": metadata.name '" + name + "' is not a DNS-1123 subdomain");
    }
    String namespace = doc.namespace();
    if (!namespace.isEmpty()
        && (namespace.length() > 63 || !DNS_1123_LABEL.matcher(namespace).matches())) {
      problems.add(
          doc.where() + ": metadata.namespace '" + namespace + "' is not a DNS-1123 label");
    }
    for (String field : List.of("labels", "annotations")) {
      JsonNode map = metadata.get(field);
      if (map == null) {
        continue;
      }
      if (!map.isObject()) {
        problems.add(doc.where() + ": metadata." + field + " must be a map");
        continue;
      }
      for (var entry : map.properties()) {
        if (!entry.getValue().isString()) {
          problems.add(
              doc.where()
                  + ": metadata."
                  + field
                  + "."
                  + entry.getKey()
                  + " must be a string (quote it)");
        } else if (field.equals("labels") && !validLabelValue(entry.getValue().asString())) {
          problems.add(
              doc.where() + ": label value '" + entry.getValue().asString() + "' is invalid");
        }
      }
    }
  }

  static boolean validLabelValue(String value) {
    return value.length() <= 63
        && (value.isEmpty() || value.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"));
  }

  static boolean validPortName(String name) {
    return name.length() <= 15 && PORT_NAME.matcher(name).matches() && name.matches(".*[a-z].*");
  }

  static boolean validEnvName(String name) {
    return ENV_NAME.matcher(name).matches();
  }

  /**
   * Visits every fabric8 model object reachable from {@code value}: a non-empty {@code
   * additionalProperties} is a field the API does not have (or a value of the wrong type); every
   * {@link Quantity} must parse.
   */
  private static void walk(Object value, String path, List<String> problems, Doc doc) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", problems, doc);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (var entry : map.entrySet()) {
        walk(entry.getValue(), path + "[" + entry.getKey() + "]", problems, doc);
      }
      return;
    }
    if (value instanceof Quantity quantity) {
      try {
        Quantity.getAmountInBytes(quantity);
      } catch (RuntimeException e) {
        problems.add(doc.where() + ": " + path + ": invalid quantity '" + quantity + "'");
      }
      return;
    }
    Class<?> type = value.getClass();
    if (!type.getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : type.getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || !getter.getName().startsWith("get")
          || getter.getReturnType().isPrimitive()) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      String property = decapitalize(getter.getName().substring(3));
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          for (var entry : extra.entrySet()) {
            problems.add(
                doc.where()
                    + ": "
                    + path
                    + "."
                    + entry.getKey()
                    + ": unknown field or wrong type (value "
                    + abbreviate(String.valueOf(entry.getValue()))
                    + ")");
          }
        }
        continue;
      }
      walk(child, path + "." + property, problems, doc);
    }
  }

  private static String decapitalize(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  /** The JSON tree of a document, for checks that read fields. */
  static ObjectNode object(Doc doc) {
    return (ObjectNode) doc.json();
  }
}
