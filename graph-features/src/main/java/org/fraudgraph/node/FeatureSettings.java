package org.fraudgraph.node;

import java.io.Serializable;
import java.time.Duration;

/**
 * The knobs of the graph features: how much each node may hold, how long things are remembered. The
 * three feature windows are fixed (1 h, 24 h, 7 d: see {@link #WINDOWS}) because they are part of
 * the feature names.
 *
 * @param nodeCap distinct accounts a node keeps exactly; past it the node is a hub (flagged, counts
 *     are lower bounds, state stays bounded)
 * @param twoHopSample accounts a node sends back for the two-hop union; a node with more is counted
 *     only in the largest sharing set
 * @param eventCap events (applications, payments) a node keeps times of
 * @param edgeCap account edges a node keeps burst counts for
 * @param maxContacts emergency-contact phones taken from one application (the rest are ignored)
 * @param noveltyRetention how long an account remembers a device, city or merchant it used
 * @param taintHalfLife the weight of a confirmed fraud halves in this time
 * @param taintRetention a confirmed fraud older than this no longer taints
 * @param burstTick width of one time tick of the edge-burst score
 * @param burstDecay factor the current burst counts are multiplied by at each new tick
 * @param newAccountAge an account younger than this is new (merchant new-buyer share)
 */
public record FeatureSettings(
        int nodeCap,
        int twoHopSample,
        int eventCap,
        int edgeCap,
        int maxContacts,
        Duration noveltyRetention,
        Duration taintHalfLife,
        Duration taintRetention,
        Duration burstTick,
        double burstDecay,
        Duration newAccountAge)
        implements Serializable {

    public static final Duration HOUR = Duration.ofHours(1);
    public static final Duration DAY = Duration.ofHours(24);
    public static final Duration WEEK = Duration.ofDays(7);

    /** The feature windows, shortest first, and their names in feature names. */
    public static final Duration[] WINDOWS = {HOUR, DAY, WEEK};

    public static final String[] WINDOW_NAMES = org.fraudgraph.feature.FeatureCatalog.WINDOW_NAMES;

    public FeatureSettings {
        if (nodeCap < 2 || twoHopSample < 1 || eventCap < 1 || edgeCap < 1 || maxContacts < 1) {
            throw new IllegalArgumentException("caps must be positive (node cap at least 2)");
        }
        if (!(burstDecay >= 0 && burstDecay < 1)) {
            throw new IllegalArgumentException("burst decay must be in [0, 1), got " + burstDecay);
        }
        for (Duration d :
                new Duration[] {
                    noveltyRetention, taintHalfLife, taintRetention, burstTick, newAccountAge
                }) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("durations must be positive, got " + d);
            }
        }
        if (noveltyRetention.compareTo(WEEK) < 0) {
            throw new IllegalArgumentException("novelty retention must be at least 7 d");
        }
    }

    /**
     * Node cap 64, two-hop sample 64, 64 events and 16 edges a node, 16 contacts, novelty 30 d,
     * taint half-life 7 d kept 30 d, 1-minute burst ticks decaying by 0.5, new accounts under 7 d.
     */
    public static FeatureSettings defaults() {
        return new FeatureSettings(
                64,
                64,
                64,
                16,
                16,
                Duration.ofDays(30),
                Duration.ofDays(7),
                Duration.ofDays(30),
                Duration.ofMinutes(1),
                0.5,
                Duration.ofDays(7));
    }

    public FeatureSettings withNodeCap(int cap) {
        return new FeatureSettings(
                cap,
                Math.min(twoHopSample, cap),
                eventCap,
                edgeCap,
                maxContacts,
                noveltyRetention,
                taintHalfLife,
                taintRetention,
                burstTick,
                burstDecay,
                newAccountAge);
    }

    /** Time tick of the burst score that {@code timeMillis} falls in. */
    public long tick(long timeMillis) {
        return Math.floorDiv(timeMillis, burstTick.toMillis());
    }

    /** Weight of a confirmed fraud {@code ageMillis} old: 1 when fresh, 0 past the retention. */
    public double taintWeight(long ageMillis) {
        if (ageMillis > taintRetention.toMillis()) {
            return 0;
        }
        return Math.pow(0.5, Math.max(0, ageMillis) / (double) taintHalfLife.toMillis());
    }
}
