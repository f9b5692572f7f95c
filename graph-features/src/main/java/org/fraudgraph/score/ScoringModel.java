package org.fraudgraph.score;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;

/**
 * The configured, explainable model: a logistic score over the graph features plus hard rules, and
 * the two thresholds that turn the score into a decision.
 *
 * <p>Each term reads one feature and adds {@code weight × clamp(value − from, 0, cap − from)} to
 * the logit ({@code from} is what honest traffic normally shows, {@code cap} where more stops
 * mattering); {@code score = 1 / (1 + exp(−(bias + Σ terms)))}. Every term that adds to the logit
 * is a reason code whose contribution is that addition, so the reasons explain the score exactly. A
 * rule whose conditions all hold raises the decision to at least its own (and the score to at least
 * that decision's threshold) and is a reason with contribution 1. Reasons are sorted most important
 * first: rules, then terms by contribution.
 *
 * <p>Models are read from JSON ({@link ModelConfig}); the version is stamped on every score.
 */
public final class ScoringModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The most one term may add to (or take from) the logit: far beyond any real model (at 50 the
     * score is 1 to fifteen digits), small enough that no sum of terms overflows.
     */
    public static final double MAX_CONTRIBUTION = 50;

    /** One logistic term. {@code detail} may hold {@code {value}} or {@code {percent}}. */
    public record Term(
            String code, String feature, double weight, double from, double cap, String detail)
            implements Serializable {
        /**
         * This term's addition to the logit for a feature value: nothing for a value that is not a
         * number, and never more than {@link #MAX_CONTRIBUTION} either way.
         */
        public double contribution(double value) {
            if (Double.isNaN(value)) {
                return 0;
            }
            double c = weight * Math.max(0, Math.min(value, cap) - from);
            return Math.max(-MAX_CONTRIBUTION, Math.min(c, MAX_CONTRIBUTION));
        }
    }

    /** One comparison of a feature with a number; an absent feature never matches. */
    public record Condition(String feature, String op, double value) implements Serializable {
        public boolean holds(Map<String, Double> features) {
            Double v = features.get(feature);
            if (v == null) {
                return false;
            }
            return switch (op) {
                case ">=" -> v >= value;
                case ">" -> v > value;
                case "<=" -> v <= value;
                case "<" -> v < value;
                case "==" -> v == value;
                default -> throw new IllegalStateException("unknown operator " + op);
            };
        }
    }

    /** A hard rule: when all its conditions hold, the decision is at least {@code decision}. */
    public record Rule(String code, List<Condition> conditions, Decision decision, String detail)
            implements Serializable {
        public boolean fires(Map<String, Double> features) {
            for (Condition c : conditions) {
                if (!c.holds(features)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String version;
    private final double bias;
    private final Thresholds thresholds;
    private final List<Term> terms;
    private final List<Rule> rules;
    private final TreeEnsemble trees;

    /** Reasons a trained model gives an alert: its features that added most. */
    static final int TREE_REASONS = 6;

    public ScoringModel(
            String version,
            double bias,
            Thresholds thresholds,
            List<Term> terms,
            List<Rule> rules) {
        this(version, bias, thresholds, terms, rules, null);
    }

    private ScoringModel(
            String version,
            double bias,
            Thresholds thresholds,
            List<Term> terms,
            List<Rule> rules,
            TreeEnsemble trees) {
        this.version = version;
        this.bias = bias;
        this.thresholds = thresholds;
        this.terms = List.copyOf(terms);
        this.rules = List.copyOf(rules);
        this.trees = trees;
    }

    /**
     * A trained model: the score is the trees' chance of fraud, the reasons of an alert are the
     * features with the largest SHAP values (what pushed this event's score up), and {@code rules}
     * hold as in any model.
     */
    public static ScoringModel trained(
            String version, Thresholds thresholds, TreeEnsemble trees, List<Rule> rules) {
        return new ScoringModel(version, 0, thresholds, List.of(), rules, trees);
    }

    /** The trained trees, or {@code null} for a model of terms. */
    public TreeEnsemble trees() {
        return trees;
    }

    /** The model shipped with fraudgraph ({@code default-model.json} beside this class). */
    public static ScoringModel defaults() {
        return ModelConfig.builtIn();
    }

    public String version() {
        return version;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public double bias() {
        return bias;
    }

    public List<Term> terms() {
        return terms;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The same model with other thresholds (for a replay's threshold sweep). */
    public ScoringModel withThresholds(Thresholds other) {
        return new ScoringModel(version, bias, other, terms, rules, trees);
    }

    /** Scores one event from its feature vector; the whole vector travels with the score. */
    public FraudScore score(
            String eventId,
            EventKind kind,
            String accountId,
            long timeMillis,
            Map<String, Double> features) {
        List<ReasonCode> reasons = new ArrayList<>();
        double logit = bias;
        float[] columns = null;
        if (trees != null) {
            columns = trees.columns(features);
            logit = trees.margin(columns);
        }
        for (Term t : terms) {
            Double value = features.get(t.feature());
            if (value == null) {
                continue;
            }
            double c = t.contribution(value);
            if (c == 0) {
                continue;
            }
            logit += c;
            if (c > 0) {
                reasons.add(new ReasonCode(t.code(), c, detail(t.detail(), value)));
            }
        }
        double score = 1 / (1 + Math.exp(-logit));
        Decision decision = thresholds.decide(score);
        if (trees != null && decision != Decision.ALLOW) {
            // Explaining costs more than scoring: only the alerts an analyst reads carry reasons.
            treeReasons(columns, reasons);
        }
        List<ReasonCode> ruleReasons = new ArrayList<>();
        for (Rule r : rules) {
            if (r.fires(features)) {
                ruleReasons.add(new ReasonCode(r.code(), 1.0, r.detail()));
                if (r.decision().compareTo(decision) > 0) {
                    decision = r.decision();
                    score =
                            Math.max(
                                    score,
                                    decision == Decision.BLOCK
                                            ? thresholds.block()
                                            : thresholds.review());
                }
            }
        }
        reasons.sort(
                Comparator.comparingDouble(ReasonCode::getContribution)
                        .reversed()
                        .thenComparing(ReasonCode::getCode));
        ruleReasons.addAll(reasons);
        return FraudScore.newBuilder()
                .setEventId(eventId)
                .setEventKind(kind)
                .setEventTime(Instant.ofEpochMilli(timeMillis))
                .setEntityType(EntityType.ACCOUNT)
                .setEntityId(accountId)
                .setScore(score)
                .setDecision(decision)
                .setReasons(ruleReasons)
                .setFeatures(features instanceof TreeMap<?, ?> ? features : new TreeMap<>(features))
                .setConfigVersion(version)
                .build();
    }

    /** The features that pushed the trees' score up most, as reasons (SHAP values). */
    private void treeReasons(float[] columns, List<ReasonCode> reasons) {
        double[] shap = trees.shap(columns);
        List<String> names = trees.features();
        Integer[] order = new Integer[shap.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -shap[i]));
        for (int k = 0; k < Math.min(TREE_REASONS, order.length); k++) {
            int i = order[k];
            if (!(shap[i] > 0)) {
                break;
            }
            String name = names.get(i);
            String words =
                    Float.isNaN(columns[i])
                            ? name + " absent"
                            : name + " = " + detail("{value}", columns[i]);
            reasons.add(new ReasonCode(code(name), shap[i], words));
        }
    }

    /** The reason code of a feature: {@code device.accounts_24h} is {@code DEVICE_ACCOUNTS_24H}. */
    static String code(String feature) {
        return feature.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** A reason's words: {@code {value}} as a plain number, {@code {percent}} as a percentage. */
    static String detail(String template, double value) {
        // Formatting is most of a suspicious event's scoring time: only what the words use.
        String words = template;
        if (words.contains("{value}")) {
            String plain =
                    value == Math.rint(value) && Math.abs(value) < 1e15
                            ? Long.toString((long) value)
                            : String.format(Locale.ROOT, "%.2f", value);
            words = words.replace("{value}", plain);
        }
        if (words.contains("{percent}")) {
            words = words.replace("{percent}", String.format(Locale.ROOT, "%.0f %%", value * 100));
        }
        return words;
    }
}
