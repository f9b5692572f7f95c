package org.fraudgraph.job.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.fraudgraph.job.state.CachedValueState;
import org.fraudgraph.node.FeatureSettings;
import org.fraudgraph.ring.RingSettings;
import org.fraudgraph.risk.RiskSettings;
import org.fraudgraph.score.ScoringModel;

/**
 * What the pipeline computes, independent of where events come from and go to.
 *
 * @param features the graph features' caps and memories
 * @param allowedLateness how far behind the watermark an event is still counted; later ones go to
 *     the late side output; state also outlives its expiry by this much
 * @param stateTtl processing-time TTL of the account and node state, a safety net behind the
 *     event-time clean-up timers
 * @param scorer the scoring model in force at start (a control-topic update replaces it)
 * @param rings when linked accounts become a ring case
 * @param eventTimeOrder process each account's and each node's events in event-time order, held
 *     until the watermark passes them (replay: deterministic output); live scoring processes them
 *     as they arrive
 * @param stateCache the cache in front of the account and node state, per subtask of each stage
 *     ({@link CachedValueState}); it changes no result, only how often RocksDB is read and written
 */
public record PipelineConfig(
        FeatureSettings features,
        Duration allowedLateness,
        Duration stateTtl,
        ScoringModel scorer,
        RingSettings rings,
        boolean eventTimeOrder,
        CachedValueState.Limits stateCache)
        implements Serializable {

    /** The state cache's default size per subtask of the account and of the node stage. */
    public static final int STATE_CACHE_MEGABYTES = 32;

    /**
     * How long a written value rests in the state cache before it goes to RocksDB, by default: at a
     * checkpoint barrier the stream waits while the values of this last moment are written (2 s
     * added about 100 ms to the p99 latency; 500 ms nothing measurable).
     */
    public static final int STATE_CACHE_WRITE_DELAY_MILLIS = 500;

    public PipelineConfig {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(stateCache, "stateCache");
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(rings, "rings");
        if (stateTtl == null || stateTtl.isZero() || stateTtl.isNegative()) {
            throw new IllegalArgumentException("state TTL must be positive, got " + stateTtl);
        }
        if (allowedLateness == null || allowedLateness.isNegative()) {
            throw new IllegalArgumentException(
                    "allowed lateness must not be negative, got " + allowedLateness);
        }
        Duration longest =
                features.noveltyRetention().compareTo(features.taintRetention()) > 0
                        ? features.noveltyRetention()
                        : features.taintRetention();
        if (stateTtl.compareTo(longest.plus(allowedLateness)) <= 0) {
            throw new IllegalArgumentException(
                    "state TTL " + stateTtl + " must outlive the longest memory " + longest);
        }
    }

    /** Every {@code fraudgraph.*} configuration option the pipeline reads. */
    public static final List<ConfigOption<?>> OPTIONS =
            Stream.concat(FeatureOptions.ALL.stream(), RingOptions.ALL.stream()).toList();

    /**
     * Default feature settings, 10 s lateness, 35 d TTL, the built-in scoring model, a 32 MiB state
     * cache writing values that rested 500 ms.
     */
    public static PipelineConfig defaults() {
        return of(new Configuration());
    }

    /**
     * {@link #defaults()} with the feature and ring settings of {@code config} ({@link
     * FeatureOptions}, {@link RingOptions}).
     *
     * @throws IllegalArgumentException naming the problem when a value does not parse or does not
     *     fit
     */
    public static PipelineConfig of(ReadableConfig config) {
        return new PipelineConfig(
                FeatureOptions.settings(config),
                Duration.ofSeconds(10),
                Duration.ofDays(35),
                ScoringModel.defaults(),
                RingOptions.settings(config),
                false,
                CachedValueState.Limits.of(
                        STATE_CACHE_MEGABYTES, Duration.ofMillis(STATE_CACHE_WRITE_DELAY_MILLIS)));
    }

    /**
     * What is wrong with these {@code fraudgraph.*} settings, in one line (an unknown key, a value
     * that does not parse, settings that do not fit together), or {@code null} when nothing is.
     */
    public static String problem(Map<String, String> settings) {
        Set<String> known = new TreeSet<>();
        OPTIONS.forEach(o -> known.add(o.key()));
        for (String key : settings.keySet()) {
            if (!known.contains(key)) {
                return "unknown setting "
                        + key
                        + " (the settings are fraudgraph.features.* and fraudgraph.rings.*;"
                        + " 'fraudgraph settings' lists them)";
            }
        }
        try {
            of(Configuration.fromMap(settings));
            return null;
        } catch (IllegalArgumentException e) {
            return "settings: " + e.getMessage().lines().findFirst().orElse("");
        }
    }

    public PipelineConfig withAllowedLateness(Duration lateness) {
        return new PipelineConfig(
                features, lateness, stateTtl, scorer, rings, eventTimeOrder, stateCache);
    }

    public PipelineConfig withScorer(ScoringModel newScorer) {
        return new PipelineConfig(
                features, allowedLateness, stateTtl, newScorer, rings, eventTimeOrder, stateCache);
    }

    /**
     * For replay: each account's and node's events in event-time order, so the same data gives the
     * same scores.
     */
    public PipelineConfig inEventTimeOrder() {
        return new PipelineConfig(
                features, allowedLateness, stateTtl, scorer, rings, true, stateCache);
    }

    /** The same pipeline with another state cache (none: {@link CachedValueState.Limits#off()}). */
    public PipelineConfig withStateCache(CachedValueState.Limits limits) {
        return new PipelineConfig(
                features, allowedLateness, stateTtl, scorer, rings, eventTimeOrder, limits);
    }

    /**
     * When a key whose state expires at {@code expiresAtMillis} is cleaned: rounded up to the hour
     * so a busy key moves its timer at most once an hour, plus the allowed lateness.
     */
    /** How long risk that spread to an account lasts: case memory is the ring window. */
    public RiskSettings risk() {
        return RiskSettings.defaults(rings().window());
    }

    public long cleanupTime(long expiresAtMillis) {
        if (expiresAtMillis == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long hour = Duration.ofHours(1).toMillis();
        return Math.floorDiv(expiresAtMillis + hour - 1, hour) * hour + allowedLateness.toMillis();
    }
}
