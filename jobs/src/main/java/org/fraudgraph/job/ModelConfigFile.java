package org.fraudgraph.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import org.fraudgraph.score.Thresholds;
import org.fraudgraph.score.VelocityScorer;

/**
 * Reads the scoring model from a versioned JSON file:
 *
 * <pre>{@code
 * {
 *   "version": "velocity-2026-11-24",
 *   "thresholds": {"review": 0.6, "block": 0.9},
 *   "velocity": {"eventsPer24hUnit": 20, "amountPer24hUnitMinor": 2000000}
 * }
 * }</pre>
 *
 * Every problem is one line naming the file and the field. The placeholder model has only these
 * knobs; the graph model adds weights and rules.
 */
public final class ModelConfigFile {
    private ModelConfigFile() {}

    public static VelocityScorer read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no config file " + file);
        }
        JsonNode root;
        try {
            root =
                    new ObjectMapper()
                            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        only(file, root, "", Set.of("version", "thresholds", "velocity"));
        VelocityScorer defaults = VelocityScorer.defaults();
        String version = text(file, root, "version");
        JsonNode thresholds = object(file, root, "thresholds");
        JsonNode velocity = object(file, root, "velocity");
        double review =
                number(file, thresholds, "thresholds.review", defaults.thresholds().review());
        double block = number(file, thresholds, "thresholds.block", defaults.thresholds().block());
        double events = number(file, velocity, "velocity.eventsPer24hUnit", 20);
        double amount = number(file, velocity, "velocity.amountPer24hUnitMinor", 2_000_000);
        try {
            return new VelocityScorer(version, new Thresholds(review, block), events, amount);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    private static void only(Path file, JsonNode node, String prefix, Set<String> known)
            throws IOException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IOException(
                        file
                                + ": unknown field "
                                + prefix
                                + name
                                + " (known: "
                                + String.join(", ", known)
                                + ")");
            }
        }
    }

    private static String text(Path file, JsonNode root, String field) throws IOException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IOException(file + ": \"" + field + "\" must be a non-empty string");
        }
        return node.asText();
    }

    private static JsonNode object(Path file, JsonNode root, String field) throws IOException {
        JsonNode node = root.get(field);
        if (node == null) {
            return new ObjectMapper().createObjectNode();
        }
        if (!node.isObject()) {
            throw new IOException(file + ": \"" + field + "\" must be an object");
        }
        Set<String> known =
                field.equals("thresholds")
                        ? Set.of("review", "block")
                        : Set.of("eventsPer24hUnit", "amountPer24hUnitMinor");
        only(file, node, field + ".", known);
        return node;
    }

    private static double number(Path file, JsonNode parent, String path, double fallback)
            throws IOException {
        JsonNode node = parent.get(path.substring(path.indexOf('.') + 1));
        if (node == null) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new IOException(file + ": \"" + path + "\" must be a number");
        }
        return node.asDouble();
    }
}
