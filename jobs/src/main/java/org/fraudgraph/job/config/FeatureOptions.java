package org.fraudgraph.job.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.fraudgraph.node.FeatureSettings;

/**
 * The graph features' settings as Flink configuration options ({@code fraudgraph.features.*}): read
 * from the cluster's configuration (the Helm chart's {@code settings}) and from {@code -D
 * KEY=VALUE} on the command line, checked once at start. The defaults are {@link
 * FeatureSettings#defaults()}.
 *
 * <pre>{@code
 * FeatureSettings features = FeatureOptions.settings(configuration);
 * }</pre>
 */
public final class FeatureOptions {
    private static final FeatureSettings D = FeatureSettings.defaults();

    public static final ConfigOption<Integer> NODE_CAP =
            key("fraudgraph.features.node-cap")
                    .intType()
                    .defaultValue(D.nodeCap())
                    .withDescription(
                            "Distinct accounts a node (device, phone, IP, merchant...) keeps exactly;"
                                    + " past it the node is a hub: flagged, its counts lower bounds,"
                                    + " its state bounded.");

    public static final ConfigOption<Integer> TWO_HOP_SAMPLE =
            key("fraudgraph.features.two-hop-sample")
                    .intType()
                    .defaultValue(D.twoHopSample())
                    .withDescription(
                            "Accounts a node sends back for the two-hop union; a node with more is"
                                    + " counted only in the largest sharing set.");

    public static final ConfigOption<Integer> EVENT_CAP =
            key("fraudgraph.features.event-cap")
                    .intType()
                    .defaultValue(D.eventCap())
                    .withDescription("Applications or payments a node keeps the times of.");

    public static final ConfigOption<Integer> EDGE_CAP =
            key("fraudgraph.features.edge-cap")
                    .intType()
                    .defaultValue(D.edgeCap())
                    .withDescription("Account edges a node keeps burst counts for.");

    public static final ConfigOption<Integer> MAX_CONTACTS =
            key("fraudgraph.features.max-contacts")
                    .intType()
                    .defaultValue(D.maxContacts())
                    .withDescription(
                            "Emergency-contact phones taken from one application; the rest are"
                                    + " ignored.");

    public static final ConfigOption<Duration> NOVELTY_RETENTION =
            key("fraudgraph.features.novelty-retention")
                    .durationType()
                    .defaultValue(D.noveltyRetention())
                    .withDescription(
                            "How long an account remembers a device, city or merchant it used (at"
                                    + " least 7 d).");

    public static final ConfigOption<Duration> TAINT_HALF_LIFE =
            key("fraudgraph.features.taint-half-life")
                    .durationType()
                    .defaultValue(D.taintHalfLife())
                    .withDescription("The weight of a confirmed fraud halves in this time.");

    public static final ConfigOption<Duration> TAINT_RETENTION =
            key("fraudgraph.features.taint-retention")
                    .durationType()
                    .defaultValue(D.taintRetention())
                    .withDescription("A confirmed fraud older than this no longer taints.");

    public static final ConfigOption<Duration> BURST_TICK =
            key("fraudgraph.features.burst-tick")
                    .durationType()
                    .defaultValue(D.burstTick())
                    .withDescription("Width of one time tick of the MIDAS-R edge-burst score.");

    public static final ConfigOption<Double> BURST_DECAY =
            key("fraudgraph.features.burst-decay")
                    .doubleType()
                    .defaultValue(D.burstDecay())
                    .withDescription(
                            "Factor the current burst counts are multiplied by at each new tick, in"
                                    + " [0, 1).");

    public static final ConfigOption<Duration> NEW_ACCOUNT_AGE =
            key("fraudgraph.features.new-account-age")
                    .durationType()
                    .defaultValue(D.newAccountAge())
                    .withDescription(
                            "An account younger than this is new (the merchant's new-buyer share).");

    /** Every option of this class. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    NODE_CAP,
                    TWO_HOP_SAMPLE,
                    EVENT_CAP,
                    EDGE_CAP,
                    MAX_CONTACTS,
                    NOVELTY_RETENTION,
                    TAINT_HALF_LIFE,
                    TAINT_RETENTION,
                    BURST_TICK,
                    BURST_DECAY,
                    NEW_ACCOUNT_AGE);

    private FeatureOptions() {}

    /**
     * The feature settings {@code config} holds, defaults for what it does not.
     *
     * @throws IllegalArgumentException naming the problem when a value does not parse or the
     *     settings do not make sense together
     */
    public static FeatureSettings settings(ReadableConfig config) {
        return new FeatureSettings(
                config.get(NODE_CAP),
                config.get(TWO_HOP_SAMPLE),
                config.get(EVENT_CAP),
                config.get(EDGE_CAP),
                config.get(MAX_CONTACTS),
                config.get(NOVELTY_RETENTION),
                config.get(TAINT_HALF_LIFE),
                config.get(TAINT_RETENTION),
                config.get(BURST_TICK),
                config.get(BURST_DECAY),
                config.get(NEW_ACCOUNT_AGE));
    }
}
