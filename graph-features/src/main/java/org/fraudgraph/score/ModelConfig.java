package org.fraudgraph.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.schema.Decision;

/**
 * Reads and checks a scoring model written as JSON:
 *
 * <pre>{@code
 * {
 *   "version": "graph-2026-11-24",
 *   "bias": -7.0,
 *   "thresholds": {"review": 0.6, "block": 0.95},
 *   "terms": [
 *     {"code": "DEVICE_SHARED_24H", "feature": "device.accounts_24h", "weight": 0.4,
 *      "from": 4, "cap": 30, "detail": "{value} accounts on this device in 24 h"}
 *   ],
 *   "rules": [
 *     {"code": "CONFIRMED_FRAUD", "when": [{"feature": "account.confirmed_fraud", "op": ">=",
 *      "value": 1}], "decision": "BLOCK", "detail": "the account is confirmed fraud"}
 *   ]
 * }
 * }</pre>
 *
 * A model that does not pass every check is refused with one line naming the field ({@link
 * Invalid}); nothing half-read is ever used.
 */
public final class ModelConfig {
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Set<String> OPERATORS = Set.of(">=", ">", "<=", "<", "==");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String BUILT_IN = "default-model.json";

    /** Bias and weights beyond this are a typo, not a model. */
    private static final double MAX_WEIGHT = 100;

    /** Words that travel with every score must stay short. */
    private static final int MAX_DETAIL = 200;

    private ModelConfig() {}

    /** A model that fails a check; the message is one line naming the field. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }
    }

    /** The model shipped with fraudgraph. */
    public static ScoringModel builtIn() {
        try (InputStream in = ModelConfig.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Invalid e) {
            throw new IllegalStateException("the built-in model is invalid: " + e.getMessage(), e);
        }
    }

    public static ScoringModel parse(String json) throws Invalid {
        JsonNode root;
        try {
            root =
                    new ObjectMapper()
                            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readTree(json);
        } catch (JsonProcessingException e) {
            throw new Invalid(
                    "not valid JSON: "
                            + shown(e.getOriginalMessage().lines().findFirst().orElse(""), 160));
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("expected a JSON object");
        }
        if (root.has("format")) {
            return trained(root);
        }
        only(root, "", Set.of("version", "bias", "thresholds", "terms", "rules"));
        String version = version(root);
        double bias = bounded(root, "bias", "bias");
        Thresholds thresholds = thresholds(root);
        Set<String> codes = new HashSet<>();
        List<ScoringModel.Term> terms = new ArrayList<>();
        JsonNode termsNode = array(root, "terms");
        for (int i = 0; i < termsNode.size(); i++) {
            terms.add(term(termsNode.get(i), "terms[" + i + "]", codes));
        }
        List<ScoringModel.Rule> rules = new ArrayList<>();
        JsonNode rulesNode = array(root, "rules");
        for (int i = 0; i < rulesNode.size(); i++) {
            rules.add(rule(rulesNode.get(i), "rules[" + i + "]", codes));
        }
        return new ScoringModel(version, bias, thresholds, terms, rules);
    }

    private static String version(JsonNode root) throws Invalid {
        String version = text(root, "version", "version");
        if (!VERSION.matcher(version).matches()) {
            throw new Invalid(
                    "\"version\" must be 1 to 64 letters, digits, '.', '_' or '-' (got "
                            + shown(version)
                            + ")");
        }
        return version;
    }

    private static Thresholds thresholds(JsonNode root) throws Invalid {
        JsonNode t = field(root, "thresholds", "thresholds");
        if (!t.isObject()) {
            throw new Invalid("\"thresholds\" must be an object");
        }
        only(t, "thresholds.", Set.of("review", "block"));
        try {
            return new Thresholds(
                    number(t, "review", "thresholds.review"),
                    number(t, "block", "thresholds.block"));
        } catch (IllegalArgumentException e) {
            throw new Invalid("thresholds: " + e.getMessage());
        }
    }

    /** The format name of a model {@code fraudgraph train} wrote. */
    public static final String TREES_FORMAT = "fraudgraph-trees-1";

    /**
     * A trained model ({@code fraudgraph train}): its features in column order, thresholds and
     * XGBoost's JSON trees. It keeps the built-in model's hard rules (a confirmed fraud is blocked
     * under any model).
     */
    private static ScoringModel trained(JsonNode root) throws Invalid {
        only(
                root,
                "",
                Set.of("format", "version", "features", "settings", "thresholds", "booster"));
        String format = text(root, "format", "format");
        if (!format.equals(TREES_FORMAT)) {
            throw new Invalid(
                    "\"format\" must be \"" + TREES_FORMAT + "\" (got " + shown(format) + ")");
        }
        String version = version(root);
        JsonNode list = array(root, "features");
        List<String> features = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).asText("");
            try {
                FeatureCatalog.id(name);
            } catch (IllegalArgumentException e) {
                throw new Invalid("features[" + i + "]: unknown feature " + shown(name));
            }
            if (!seen.add(name)) {
                throw new Invalid("features[" + i + "]: " + shown(name) + " is listed twice");
            }
            features.add(name);
        }
        TreeEnsemble trees =
                TreeEnsemble.of(field(root, "booster", "booster"), features, "booster");
        return ScoringModel.trained(version, thresholds(root), trees, builtIn().rules());
    }

    private static ScoringModel.Term term(JsonNode node, String at, Set<String> codes)
            throws Invalid {
        object(node, at);
        only(node, at + ".", Set.of("code", "feature", "weight", "from", "cap", "detail"));
        String code = code(node, at, codes);
        String feature = feature(node, at);
        double weight = bounded(node, "weight", at + ".weight");
        double from = node.has("from") ? number(node, "from", at + ".from") : 0;
        double cap = node.has("cap") ? number(node, "cap", at + ".cap") : Double.MAX_VALUE;
        if (!(cap > from)) {
            throw new Invalid(at + ": \"cap\" must be greater than \"from\"");
        }
        return new ScoringModel.Term(code, feature, weight, from, cap, detail(node, at));
    }

    private static ScoringModel.Rule rule(JsonNode node, String at, Set<String> codes)
            throws Invalid {
        object(node, at);
        only(node, at + ".", Set.of("code", "when", "decision", "detail"));
        String code = code(node, at, codes);
        JsonNode when = field(node, "when", at + ".when");
        if (!when.isArray() || when.isEmpty()) {
            throw new Invalid(at + ".when must be a non-empty array of conditions");
        }
        List<ScoringModel.Condition> conditions = new ArrayList<>();
        for (int i = 0; i < when.size(); i++) {
            String c = at + ".when[" + i + "]";
            JsonNode cond = when.get(i);
            object(cond, c);
            only(cond, c + ".", Set.of("feature", "op", "value"));
            String op = text(cond, "op", c + ".op");
            if (!OPERATORS.contains(op)) {
                throw new Invalid(
                        c + ".op must be one of >=, >, <=, <, == (got " + shown(op) + ")");
            }
            conditions.add(
                    new ScoringModel.Condition(
                            feature(cond, c), op, number(cond, "value", c + ".value")));
        }
        String decision = text(node, "decision", at + ".decision");
        if (!decision.equals("REVIEW") && !decision.equals("BLOCK")) {
            throw new Invalid(
                    at + ".decision must be REVIEW or BLOCK (got " + shown(decision) + ")");
        }
        return new ScoringModel.Rule(
                code, conditions, Decision.valueOf(decision), detail(node, at));
    }

    private static String code(JsonNode node, String at, Set<String> codes) throws Invalid {
        String code = text(node, "code", at + ".code");
        if (!CODE.matcher(code).matches()) {
            throw new Invalid(
                    at
                            + ".code must be upper case letters, digits and _ (got "
                            + shown(code)
                            + ")");
        }
        if (!codes.add(code)) {
            throw new Invalid(at + ".code " + code + " is used twice");
        }
        return code;
    }

    private static String feature(JsonNode node, String at) throws Invalid {
        String feature = text(node, "feature", at + ".feature");
        try {
            FeatureCatalog.id(feature);
        } catch (IllegalArgumentException e) {
            throw new Invalid(at + ".feature: unknown feature " + shown(feature));
        }
        return feature;
    }

    private static String detail(JsonNode node, String at) throws Invalid {
        String detail = text(node, "detail", at + ".detail");
        if (detail.length() > MAX_DETAIL || detail.chars().anyMatch(Character::isISOControl)) {
            throw new Invalid(
                    at + ".detail must be one line of at most " + MAX_DETAIL + " characters");
        }
        return detail;
    }

    /** A value from the model as it may appear in a one-line reason: clipped, controls escaped. */
    private static String shown(String value) {
        return shown(value, 40);
    }

    private static String shown(String value, int max) {
        String clipped = value.length() > max ? value.substring(0, max) + "…" : value;
        StringBuilder out = new StringBuilder();
        clipped.codePoints()
                .forEach(
                        c -> {
                            if (Character.isISOControl(c)) {
                                out.append(String.format("\\u%04x", c));
                            } else {
                                out.appendCodePoint(c);
                            }
                        });
        return out.toString();
    }

    private static double bounded(JsonNode parent, String name, String path) throws Invalid {
        double value = number(parent, name, path);
        if (Math.abs(value) > MAX_WEIGHT) {
            throw new Invalid(
                    "\""
                            + path
                            + "\" must be between -"
                            + (int) MAX_WEIGHT
                            + " and "
                            + (int) MAX_WEIGHT);
        }
        return value;
    }

    private static void object(JsonNode node, String at) throws Invalid {
        if (node == null || !node.isObject()) {
            throw new Invalid(at + " must be an object");
        }
    }

    private static JsonNode array(JsonNode root, String name) throws Invalid {
        JsonNode node = root.get(name);
        if (node == null) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw new Invalid("\"" + name + "\" must be an array");
        }
        return node;
    }

    private static JsonNode field(JsonNode parent, String name, String path) throws Invalid {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw new Invalid("\"" + path + "\" is missing");
        }
        return node;
    }

    private static String text(JsonNode parent, String name, String path) throws Invalid {
        JsonNode node = field(parent, name, path);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new Invalid("\"" + path + "\" must be a non-empty string");
        }
        return node.asText();
    }

    private static double number(JsonNode parent, String name, String path) throws Invalid {
        JsonNode node = field(parent, name, path);
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new Invalid("\"" + path + "\" must be a finite number");
        }
        return node.asDouble();
    }

    private static void only(JsonNode node, String prefix, Set<String> known) throws Invalid {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new Invalid(
                        "unknown field "
                                + prefix
                                + shown(name)
                                + " (known: "
                                + String.join(", ", known.stream().sorted().toList())
                                + ")");
            }
        }
    }
}
