package pe.centralunica.exchange.eido;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an EIDO message against the schema kept in this module ({@code /eido/eido-message.schema.json}) and,
 * beyond what JSON Schema can say, that every {@code {"$ref": id}} names a component of the same message
 * and no two components share an id.
 */
public final class EidoSchema {

    private static final String RESOURCE = "/eido/eido-message.schema.json";

    private final Schema schema;

    public EidoSchema() {
        try (InputStream in = EidoSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every problem found, in words; empty when the message is valid. */
    public List<String> problems(JsonNode message) {
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(message)) {
            out.add(e.toString());
        }
        if (out.isEmpty()) {
            checkReferences(message, out);
        }
        return out;
    }

    private static void checkReferences(JsonNode message, List<String> out) {
        Set<String> ids = new HashSet<>();
        for (var field : message.properties()) {
            if (field.getValue().isArray()) {
                for (JsonNode component : field.getValue()) {
                    String id = component.path("$id").asString();
                    if (!ids.add(id)) {
                        out.add(field.getKey() + ": component id '" + id + "' is used twice");
                    }
                }
            }
        }
        collectDangling(message, "", ids, out);
    }

    private static void collectDangling(JsonNode node, String path, Set<String> ids, List<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString() && !ids.contains(ref.asString())) {
                out.add(path + ": $ref '" + ref.asString() + "' names no component of this message");
            }
            for (var field : node.properties()) {
                collectDangling(field.getValue(), path + "/" + field.getKey(), ids, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDangling(node.get(i), path + "/" + i, ids, out);
            }
        }
    }
}
