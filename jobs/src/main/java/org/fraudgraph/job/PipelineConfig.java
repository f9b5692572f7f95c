package org.fraudgraph.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.fraudgraph.score.VelocityScorer;

/**
 * What the pipeline computes, independent of where events come from and go to.
 *
 * @param window rolling window of the per-account counters
 * @param bucket width of one counter bucket (the window's resolution)
 * @param allowedLateness how long after the watermark an account's expired state is still kept
 * @param taintRetention how long a confirmed-fraud verdict is remembered for an account that stays
 *     quiet
 * @param stateTtl processing-time TTL of every state, a safety net behind the event-time clean-up
 *     timers
 * @param scorer the scoring model
 * @param eventTimeOrder process each account's events in event-time order, held until the watermark
 *     passes them (replay: deterministic output); live scoring processes them as they arrive
 */
public record PipelineConfig(
        Duration window,
        Duration bucket,
        Duration allowedLateness,
        Duration taintRetention,
        Duration stateTtl,
        VelocityScorer scorer,
        boolean eventTimeOrder)
        implements Serializable {

    public PipelineConfig {
        Objects.requireNonNull(scorer, "scorer");
        requirePositive(window, "window");
        requirePositive(bucket, "bucket");
        requirePositive(taintRetention, "taint retention");
        requirePositive(stateTtl, "state TTL");
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException(
                    "allowed lateness must not be negative, got " + allowedLateness);
        }
        if (bucket.compareTo(window) > 0 || window.toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException(
                    "window " + window + " must be a whole number of buckets " + bucket);
        }
        if (stateTtl.compareTo(window.plus(allowedLateness)) <= 0) {
            throw new IllegalArgumentException(
                    "state TTL " + stateTtl + " must outlive window + lateness");
        }
    }

    /**
     * 24 h window in 1 h buckets, 10 s lateness, 30 d taint, 35 d TTL, the placeholder velocity
     * model.
     */
    public static PipelineConfig defaults() {
        return new PipelineConfig(
                Duration.ofHours(24),
                Duration.ofHours(1),
                Duration.ofSeconds(10),
                Duration.ofDays(30),
                Duration.ofDays(35),
                VelocityScorer.defaults(),
                false);
    }

    public PipelineConfig withAllowedLateness(Duration lateness) {
        return new PipelineConfig(
                window, bucket, lateness, taintRetention, stateTtl, scorer, eventTimeOrder);
    }

    public PipelineConfig withScorer(VelocityScorer newScorer) {
        return new PipelineConfig(
                window,
                bucket,
                allowedLateness,
                taintRetention,
                stateTtl,
                newScorer,
                eventTimeOrder);
    }

    /**
     * For replay: each account's events in event-time order, so the same data gives the same
     * scores.
     */
    public PipelineConfig inEventTimeOrder() {
        return new PipelineConfig(
                window, bucket, allowedLateness, taintRetention, stateTtl, scorer, true);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
