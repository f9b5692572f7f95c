package org.fraudgraph.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@link TrafficGenerator} writes: how many accounts over how many days, and how many of each
 * black-market pattern, how big, how fast, and how well camouflaged.
 *
 * @param accounts honest accounts in the population (pattern members come on top)
 * @param days length of the period
 * @param seed same seed and settings, same bytes
 * @param start first instant of the period (UTC)
 * @param eventsPerAccountPerDay median activity of an honest account
 * @param deviceFarms number of device farms; each registers {@code farmSize} accounts in a burst
 * @param farmSize accounts per device farm
 * @param applicationRings number of application rings sharing contacts, phones, addresses and
 *     employers
 * @param applicationRingSize accounts per application ring
 * @param cashOutRings number of cash-out rings (accounts paying colluding merchants round or
 *     near-limit amounts)
 * @param cashOutRingSize accounts per cash-out ring (plus two colluding merchants each)
 * @param muleChains number of mule chains
 * @param muleChainLength accounts per mule chain
 * @param takeovers number of account takeovers
 * @param speed how fast rings act: 1 is the default pace, 2 twice as fast (bursts and hops closer
 *     together)
 * @param camouflage how much normal activity ring members also have, as a share of an honest
 *     account's (0 to 1)
 * @param largeFamilies honest look-alikes: families of 6 to 12 accounts that share one device and
 *     one address (listed as {@code LARGE_FAMILY} in {@code honest-lookalikes.csv}); 0 for none
 * @param duplicates a delivery fault: the share of events written twice in a row, as a producer's
 *     retry sends them (0 to 0.5); the events themselves are the same as without it
 * @param profile how varied the rings are ({@link GeneratorProfile})
 * @param slowFarms slow-burn device farms on ordinary phones (no emulator, no root, carrier IPs):
 *     about one new account a day, each registered on one of the farm's few phones and worked on
 *     the others; labelled {@code SLOW_FARM}; 0 for none
 * @param laundering money-laundering groups of recruited, aged accounts, taking the typologies
 *     {@code FAN_IN}, {@code FAN_OUT}, {@code CYCLE}, {@code SCATTER_GATHER}, {@code
 *     GATHER_SCATTER} and {@code LAYERED} in turn, each with its own size, amounts and hop time
 *     (minutes to two days), the money each run moves first taken from victims' accounts taken over
 *     (each an {@code ACCOUNT_TAKEOVER} ring {@code R-ML-n-Vm}); 0 for none
 * @param flowLookalikes honest look-alikes of money flow: as many employers paying salaries to many
 *     accounts on one day ({@code PAYROLL}) and landlords collecting rent from several tenants and
 *     moving it on ({@code RENT}), listed in {@code honest-lookalikes.csv}; 0 for none
 * @param flashSales honest look-alikes of a cash-out: popular merchants' flash sales, many
 *     customers (some of them accounts opened for the sale) paying round prices at one merchant
 *     within hours ({@code FLASH_SALE} in {@code honest-lookalikes.csv}); 0 for none
 */
public record GeneratorConfig(
        int accounts,
        int days,
        long seed,
        Instant start,
        double eventsPerAccountPerDay,
        int deviceFarms,
        int farmSize,
        int applicationRings,
        int applicationRingSize,
        int cashOutRings,
        int cashOutRingSize,
        int muleChains,
        int muleChainLength,
        int takeovers,
        double speed,
        double camouflage,
        int largeFamilies,
        double duplicates,
        GeneratorProfile profile,
        int slowFarms,
        int laundering,
        int flowLookalikes,
        int travellers,
        double amountScale,
        int flashSales) {

    public static final Instant DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z");

    public GeneratorConfig {
        require(accounts >= 100, "--accounts must be at least 100");
        require(days >= 1 && days <= 366, "--days must be between 1 and 366");
        require(
                eventsPerAccountPerDay > 0 && eventsPerAccountPerDay <= 100,
                "events per account per day must be in (0, 100]");
        require(
                deviceFarms >= 0
                        && applicationRings >= 0
                        && cashOutRings >= 0
                        && muleChains >= 0
                        && takeovers >= 0,
                "pattern counts must not be negative");
        require(
                farmSize >= 3
                        && applicationRingSize >= 3
                        && cashOutRingSize >= 2
                        && muleChainLength >= 3,
                "rings need at least 3 accounts (cash-out rings 2, mule chains 3 hops)");
        require(speed > 0 && speed <= 100, "--speed must be in (0, 100]");
        require(camouflage >= 0 && camouflage <= 1, "--camouflage must be between 0 and 1");
        require(takeovers <= accounts / 10, "--takeovers must be at most a tenth of --accounts");
        require(
                largeFamilies >= 0 && largeFamilies * 12 <= accounts / 2,
                "--large-families must be between 0 and --accounts / 24");
        require(duplicates >= 0 && duplicates <= 0.5, "--duplicates must be between 0 and 0.5");
        require(profile != null, "a profile is needed");
        require(slowFarms >= 0, "--slow-farms must not be negative");
        require(laundering >= 0, "--laundering must not be negative");
        require(
                flowLookalikes >= 0 && flowLookalikes * 60 <= accounts / 2,
                "--flow-lookalikes must be between 0 and --accounts / 120");
        require(
                travellers >= 0 && travellers <= accounts / 10,
                "--travellers must be between 0 and a tenth of --accounts");
        require(
                amountScale >= 0.001 && amountScale <= 10_000,
                "--amount-scale must be between 0.001 and 10000");
        require(
                flashSales >= 0 && flashSales * 150 <= accounts / 2,
                "--flash-sales must be between 0 and --accounts / 300");
    }

    /**
     * Defaults that scale with the population: per 10,000 accounts about two of each ring kind and
     * ten takeovers; at least one of each.
     */
    public static GeneratorConfig defaults(int accounts, int days, long seed) {
        int per10k = Math.max(1, (int) Math.round(accounts / 10_000.0 * 2));
        return new GeneratorConfig(
                accounts,
                days,
                seed,
                DEFAULT_START,
                2.0,
                per10k,
                30,
                per10k,
                12,
                per10k,
                8,
                per10k,
                5,
                Math.max(1, Math.min(accounts / 10, per10k * 5)),
                1.0,
                0.5,
                0,
                0,
                GeneratorProfile.CLASSIC,
                0,
                0,
                0,
                0,
                1.0,
                0);
    }

    /** The same settings with {@code families} large honest families. */
    public GeneratorConfig withLargeFamilies(int families) {
        return with(
                families,
                duplicates,
                profile,
                slowFarms,
                laundering,
                flowLookalikes,
                travellers,
                amountScale,
                flashSales);
    }

    /** The same settings with a share {@code share} of events written twice. */
    public GeneratorConfig withDuplicates(double share) {
        return with(
                largeFamilies,
                share,
                profile,
                slowFarms,
                laundering,
                flowLookalikes,
                travellers,
                amountScale,
                flashSales);
    }

    /** The same settings with another profile. */
    public GeneratorConfig withProfile(GeneratorProfile other) {
        return with(
                largeFamilies,
                duplicates,
                other,
                slowFarms,
                laundering,
                flowLookalikes,
                travellers,
                amountScale,
                flashSales);
    }

    /** The same settings with {@code farms} slow-burn farms on ordinary phones. */
    public GeneratorConfig withSlowFarms(int farms) {
        return with(
                largeFamilies,
                duplicates,
                profile,
                farms,
                laundering,
                flowLookalikes,
                travellers,
                amountScale,
                flashSales);
    }

    /** The same settings with {@code groups} laundering groups and {@code lookalikes} of each. */
    public GeneratorConfig withMoneyFlow(int groups, int lookalikes) {
        return with(
                largeFamilies,
                duplicates,
                profile,
                slowFarms,
                groups,
                lookalikes,
                travellers,
                amountScale,
                flashSales);
    }

    private GeneratorConfig with(
            int families,
            double share,
            GeneratorProfile other,
            int slow,
            int groups,
            int lookalikes,
            int trips,
            double scale,
            int sales) {
        return new GeneratorConfig(
                accounts,
                days,
                seed,
                start,
                eventsPerAccountPerDay,
                deviceFarms,
                farmSize,
                applicationRings,
                applicationRingSize,
                cashOutRings,
                cashOutRingSize,
                muleChains,
                muleChainLength,
                takeovers,
                speed,
                camouflage,
                families,
                share,
                other,
                slow,
                groups,
                lookalikes,
                trips,
                scale,
                sales);
    }

    /** The same settings with every amount written times {@code scale}. */
    public GeneratorConfig withAmountScale(double scale) {
        return with(
                largeFamilies,
                duplicates,
                profile,
                slowFarms,
                laundering,
                flowLookalikes,
                travellers,
                scale,
                flashSales);
    }

    /** The same settings with {@code n} flash sales of honest merchants. */
    public GeneratorConfig withFlashSales(int n) {
        return with(
                largeFamilies,
                duplicates,
                profile,
                slowFarms,
                laundering,
                flowLookalikes,
                travellers,
                amountScale,
                n);
    }

    /** The same settings with {@code n} travelling honest customers. */
    public GeneratorConfig withTravellers(int n) {
        return with(
                largeFamilies,
                duplicates,
                profile,
                slowFarms,
                laundering,
                flowLookalikes,
                n,
                amountScale,
                flashSales);
    }

    public Instant end() {
        return start.plus(Duration.ofDays(days));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
