package io.kedastral.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates custom resources against the CRD schemas of {@code ../shared/schemas} (KEDA's
 * ScaledObject and TriggerAuthentication, Prometheus Operator's ServiceMonitor and PrometheusRule).
 *
 * <p>A CRD's {@code openAPIV3Schema} is turned into a JSON schema (draft 4, which OpenAPI 3.0's
 * schema objects follow) the way the API server reads it: objects with {@code properties} refuse
 * other fields (kubectl's strict field validation) unless {@code
 * x-kubernetes-preserve-unknown-fields}; {@code x-kubernetes-int-or-string} accepts an integer or a
 * string; {@code nullable} accepts null. CEL rules ({@code x-kubernetes-validations}) cannot be
 * evaluated here: the one the schemas hold (ScaledObject: min ≤ max) is checked in Java, and a
 * schema with any other rule fails loudly so it is never ignored.
 */
final class CrdSchemas {

  private static final Set<String> KNOWN_RULES =
      Set.of(
          "!has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount)"
              + " ? self.maxReplicaCount : 100)");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, Schema> SCHEMAS = load();

  private CrdSchemas() {}

  static boolean covers(String apiVersion, String kind) {
    return SCHEMAS.containsKey(apiVersion + "/" + kind);
  }

  static Set<String> kinds() {
    return SCHEMAS.keySet();
  }

  static void validate(Manifests.Doc doc, List<String> problems) {
    Schema schema = SCHEMAS.get(doc.apiVersion() + "/" + doc.kind());
    for (Error error : schema.validate(doc.json())) {
      problems.add(doc.where() + ": " + error.getInstanceLocation() + ": " + error.getMessage());
    }
    if (doc.kind().equals("ScaledObject")) {
      JsonNode spec = doc.json().path("spec");
      int min = spec.path("minReplicaCount").asInt(0);
      int max = spec.path("maxReplicaCount").asInt(100);
      if (spec.has("minReplicaCount") && min > max) {
        problems.add(
            doc.where() + ": minReplicaCount must be less than or equal to maxReplicaCount");
      }
    }
  }

  static Path schemaDir() {
    String shared = System.getProperty("kedastral.shared.dir");
    Path dir =
        shared != null
            ? Path.of(shared, "schemas")
            : Path.of(System.getProperty("user.dir")).resolve("../../shared/schemas");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "CRD schemas not found at "
              + dir.toAbsolutePath().normalize()
              + " (set -Dkedastral.shared.dir to the shared directory)");
    }
    return dir;
  }

  private static Map<String, Schema> load() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    Map<String, Schema> schemas = new HashMap<>();
    for (Path file : Manifests.yamlFiles(schemaDir())) {
      for (Manifests.Doc crd : Manifests.parse(file)) {
        if (!crd.kind().equals("CustomResourceDefinition")) {
          continue;
        }
        JsonNode spec = crd.json().path("spec");
        String group = spec.path("group").asString();
        String kind = spec.path("names").path("kind").asString();
        for (JsonNode version : spec.path("versions")) {
          if (!version.path("served").asBoolean(false)) {
            continue;
          }
          JsonNode openApi = version.path("schema").path("openAPIV3Schema");
          JsonNode converted = convert(openApi, file + " " + kind, true);
          schemas.put(
              group + "/" + version.path("name").asString() + "/" + kind,
              registry.getSchema(converted));
        }
      }
    }
    if (schemas.isEmpty()) {
      throw new IllegalStateException("no CRD schemas under " + schemaDir());
    }
    return Map.copyOf(schemas);
  }

  /** OpenAPI v3 (as a CRD holds it) to a draft-4 JSON schema; see the class comment. */
  private static JsonNode convert(JsonNode node, String where, boolean root) {
    if (!node.isObject()) {
      return node.deepCopy();
    }
    ObjectNode out = NODES.objectNode();
    for (var entry : node.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      switch (key) {
        case "properties", "patternProperties", "definitions" -> {
          ObjectNode properties = NODES.objectNode();
          for (var property : value.properties()) {
            properties.set(property.getKey(), convert(property.getValue(), where, false));
          }
          out.set(key, properties);
        }
        case "items", "additionalProperties", "not" ->
            out.set(key, value.isObject() ? convert(value, where, false) : value.deepCopy());
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode list = NODES.arrayNode();
          for (JsonNode item : value) {
            list.add(convert(item, where, false));
          }
          out.set(key, list);
        }
        case "x-kubernetes-validations" -> {
          for (JsonNode rule : value) {
            if (!KNOWN_RULES.contains(rule.path("rule").asString())) {
              throw new IllegalStateException(
                  where
                      + ": CEL rule not checked by CrdSchemas: "
                      + rule.path("rule").asString()
                      + " — add it to CrdSchemas.validate");
            }
          }
        }
        case "description", "example", "externalDocs" -> {}
        default -> {
          if (!key.startsWith("x-kubernetes-")) {
            out.set(key, value.deepCopy());
          }
        }
      }
    }
    if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
      out.remove("type");
      ArrayNode anyOf = NODES.arrayNode();
      anyOf.add(NODES.objectNode().put("type", "integer"));
      anyOf.add(NODES.objectNode().put("type", "string"));
      out.set("anyOf", anyOf);
    }
    if (node.path("nullable").asBoolean(false) && out.has("type")) {
      ArrayNode types = NODES.arrayNode();
      types.add(out.get("type").asString());
      types.add("null");
      out.set("type", types);
    }
    out.remove("nullable");
    boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (node.has("properties") && !node.has("additionalProperties") && !preserve) {
      out.put("additionalProperties", false);
    }
    if (root) {
      // apiVersion, kind and metadata are the API server's; the CRD only types them loosely.
      ArrayNode required = out.withArray("required");
      for (String field : List.of("apiVersion", "kind", "metadata", "spec")) {
        if (required.valueStream().noneMatch(n -> n.asString().equals(field))) {
          required.add(field);
        }
      }
    }
    return out;
  }
}
