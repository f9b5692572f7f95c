package org.fraudgraph.score;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.window.RollingCounter;

/**
 * The first, placeholder model: how busy the account was in the last 24 hours, and whether it is
 * confirmed fraud.
 *
 * <p>{@code score = 1 - exp(-(events24h / eventsScale + amount24h / amountScale))}, or 1 for an
 * account with confirmed fraud. It is explainable (each term is a reason code with its
 * contribution) but knows nothing of the graph; the graph features and the configured model replace
 * it.
 */
public final class VelocityScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Stamped on every score this model makes. */
    public static final String CONFIG_VERSION = "placeholder-velocity-1";

    public static final String FEATURE_EVENTS_24H = "account.events_24h";
    public static final String FEATURE_AMOUNT_24H = "account.amount_24h_minor";
    public static final String FEATURE_CONFIRMED_FRAUD = "account.confirmed_fraud";

    private final String version;
    private final Thresholds thresholds;
    private final double eventsScale;
    private final double amountScaleMinor;

    /**
     * @param version stamped on every score
     * @param eventsScale events in 24 h that add one unit to the score's exponent
     * @param amountScaleMinor money spent or sent in 24 h (minor units) that adds one unit
     */
    public VelocityScorer(
            String version, Thresholds thresholds, double eventsScale, double amountScaleMinor) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a model needs a version");
        }
        if (!(eventsScale > 0) || !(amountScaleMinor > 0)) {
            throw new IllegalArgumentException("scales must be positive");
        }
        this.version = version;
        this.thresholds = thresholds;
        this.eventsScale = eventsScale;
        this.amountScaleMinor = amountScaleMinor;
    }

    /** 20 events or 20,000.00 in 24 h each add one unit; review at 0.6, block at 0.9. */
    public static VelocityScorer defaults() {
        return new VelocityScorer(CONFIG_VERSION, new Thresholds(0.6, 0.9), 20, 2_000_000);
    }

    public String version() {
        return version;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /**
     * Scores one event from its feature vector (the velocity and confirmed-fraud features); the
     * whole vector travels with the score.
     */
    public FraudScore score(
            String eventId,
            EventKind kind,
            String accountId,
            long timeMillis,
            Map<String, Double> features) {
        long events = Math.round(features.getOrDefault(FEATURE_EVENTS_24H, 0.0));
        long amountMinor = Math.round(features.getOrDefault(FEATURE_AMOUNT_24H, 0.0));
        boolean confirmedFraud = features.getOrDefault(FEATURE_CONFIRMED_FRAUD, 0.0) > 0;
        RollingCounter.Totals totals = new RollingCounter.Totals(events, amountMinor);
        double eventsTerm = totals.events() / eventsScale;
        double amountTerm = totals.amountMinor() / amountScaleMinor;
        List<ReasonCode> reasons = new ArrayList<>();
        if (eventsTerm > 0) {
            reasons.add(
                    new ReasonCode(
                            "VELOCITY_EVENTS_24H",
                            eventsTerm,
                            totals.events()
                                    + (totals.events() == 1 ? " event" : " events")
                                    + " in 24 h"));
        }
        if (amountTerm > 0) {
            reasons.add(
                    new ReasonCode(
                            "AMOUNT_24H",
                            amountTerm,
                            String.format(
                                    Locale.ROOT,
                                    "%,.2f spent or sent in 24 h",
                                    totals.amountMinor() / 100.0)));
        }
        double score = 1 - Math.exp(-(eventsTerm + amountTerm));
        if (confirmedFraud) {
            reasons.add(
                    new ReasonCode(
                            "CONFIRMED_FRAUD", 1.0, "account confirmed as fraud by feedback"));
            score = 1.0;
        }
        reasons.sort(Comparator.comparingDouble(ReasonCode::getContribution).reversed());

        return FraudScore.newBuilder()
                .setEventId(eventId)
                .setEventKind(kind)
                .setEventTime(java.time.Instant.ofEpochMilli(timeMillis))
                .setEntityType(EntityType.ACCOUNT)
                .setEntityId(accountId)
                .setScore(score)
                .setDecision(thresholds.decide(score))
                .setReasons(reasons)
                .setFeatures(new TreeMap<>(features))
                .setConfigVersion(version)
                .build();
    }
}
