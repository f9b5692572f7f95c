package org.fraudgraph.job.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.fraudgraph.ring.RingSettings;

/**
 * The ring stage's settings as Flink configuration options ({@code fraudgraph.rings.*}): read from
 * the cluster's configuration (the Helm chart's {@code settings}) and from {@code -D KEY=VALUE} on
 * the command line, checked once at start. The defaults are {@link RingSettings#defaults()}.
 *
 * <pre>{@code
 * RingSettings rings = RingOptions.settings(configuration);
 * }</pre>
 */
public final class RingOptions {
    private static final RingSettings D = RingSettings.defaults();

    public static final ConfigOption<Duration> WINDOW =
            key("fraudgraph.rings.window")
                    .durationType()
                    .defaultValue(D.window())
                    .withDescription(
                            "Links older than this (event time) leave the ring stage, and a case"
                                    + " without new evidence for this long expires.");

    public static final ConfigOption<Integer> FARM_ACCOUNTS =
            key("fraudgraph.rings.farm-accounts")
                    .intType()
                    .defaultValue(D.farmAccounts())
                    .withDescription(
                            "New accounts (the job saw them register within the window) on shared"
                                    + " devices that make a device farm until the ring stage has seen"
                                    + " 200 account uses of shared devices; from then on a farm is more"
                                    + " new accounts than the platform's share of new accounts"
                                    + " explains. Accounts that were there before do not count.");

    public static final ConfigOption<Integer> FLAGGED_FARM_ACCOUNTS =
            key("fraudgraph.rings.flagged-farm-accounts")
                    .intType()
                    .defaultValue(D.flaggedFarmAccounts())
                    .withDescription(
                            "Accounts, new or not, on shared devices that make a device farm when"
                                    + " one of the devices is an emulator or rooted.");

    public static final ConfigOption<Integer> APPLICATION_ACCOUNTS =
            key("fraudgraph.rings.application-accounts")
                    .intType()
                    .defaultValue(D.applicationAccounts())
                    .withDescription(
                            "Accounts in the 2-core of shared application identifiers that make an"
                                    + " application ring, and the new ones among them it needs until the"
                                    + " ring stage has seen 200 transfers; from then on the new ones must"
                                    + " be more than the platform's share of new accounts explains (or two"
                                    + " accounts share an id number).");

    public static final ConfigOption<Integer> CASH_OUT_ACCOUNTS =
            key("fraudgraph.rings.cash-out-accounts")
                    .intType()
                    .defaultValue(D.cashOutAccounts())
                    .withDescription(
                            "Accounts in the densest account-merchant block that make a cash-out"
                                    + " ring.");

    public static final ConfigOption<Integer> CASH_OUT_MERCHANTS =
            key("fraudgraph.rings.cash-out-merchants")
                    .intType()
                    .defaultValue(D.cashOutMerchants())
                    .withDescription("Merchants in that block.");

    public static final ConfigOption<Integer> MULE_ACCOUNTS =
            key("fraudgraph.rings.mule-accounts")
                    .intType()
                    .defaultValue(D.muleAccounts())
                    .withDescription(
                            "Accounts along fast in-out transfers that make a mule chain (at least"
                                    + " 3; a cycle of three or more counts too).");

    public static final ConfigOption<Duration> MULE_HOP =
            key("fraudgraph.rings.mule-hop")
                    .durationType()
                    .defaultValue(D.muleHop())
                    .withDescription("How soon after receiving money a mule sends it on.");

    public static final ConfigOption<Double> MULE_LARGE_TRANSFER =
            key("fraudgraph.rings.mule-large-transfer")
                    .doubleType()
                    .defaultValue(D.muleLargeTransfer())
                    .withDescription(
                            "How far above the typical transfer (in standard deviations of the log"
                                    + " amounts the ring stage has seen) a transfer must be to count"
                                    + " toward a fast mule chain; the same in every currency. Every"
                                    + " transfer counts toward a money flow, judged by amounts"
                                    + " relative to each other.");

    public static final ConfigOption<Integer> EVIDENCE_PER_EDGE =
            key("fraudgraph.rings.evidence-per-edge")
                    .intType()
                    .defaultValue(D.evidencePerEdge())
                    .withDescription("Evidence events kept per edge of a ring.");

    public static final ConfigOption<Integer> MAX_VERTICES =
            key("fraudgraph.rings.max-vertices")
                    .intType()
                    .defaultValue(D.maxVertices())
                    .withDescription(
                            "Bound of the ring stage's graph: above it the oldest links leave first"
                                    + " (at least 1000).");

    /** Every option of this class. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    WINDOW,
                    FARM_ACCOUNTS,
                    FLAGGED_FARM_ACCOUNTS,
                    APPLICATION_ACCOUNTS,
                    CASH_OUT_ACCOUNTS,
                    CASH_OUT_MERCHANTS,
                    MULE_ACCOUNTS,
                    MULE_HOP,
                    MULE_LARGE_TRANSFER,
                    EVIDENCE_PER_EDGE,
                    MAX_VERTICES);

    private RingOptions() {}

    /**
     * The ring settings {@code config} holds, defaults for what it does not.
     *
     * @throws IllegalArgumentException naming the problem when a value does not parse or the
     *     settings do not make sense together
     */
    public static RingSettings settings(ReadableConfig config) {
        return new RingSettings(
                config.get(WINDOW),
                config.get(FARM_ACCOUNTS),
                config.get(FLAGGED_FARM_ACCOUNTS),
                config.get(APPLICATION_ACCOUNTS),
                config.get(CASH_OUT_ACCOUNTS),
                config.get(CASH_OUT_MERCHANTS),
                config.get(MULE_ACCOUNTS),
                config.get(MULE_HOP),
                config.get(MULE_LARGE_TRANSFER),
                config.get(EVIDENCE_PER_EDGE),
                config.get(MAX_VERTICES));
    }
}
