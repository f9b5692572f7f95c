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
 * @param sharedPhones honest look-alikes of a slow farm: households of two to four people who now
 *     and then log in on each other's phones, some of them newly joined together ({@code
 *     SHARED_PHONES} in {@code honest-lookalikes.csv}); 0 for none
 * @param historyDays days of ordinary traffic before the period (no ring acts in them), so a job
 *     replaying the data set has met its accounts, devices and merchants before the rings act, as a
 *     job that has run for a while has (newcomers join at the same daily rate in it and in the week
 *     before it, so the share of new accounts is the same from the data's first day on): its first
 *     events are from {@link #historyStart}, and a replay counts only the period ({@code replay}
 *     reports the history's alerts apart); 0 for none, the job then starts cold with the period
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
        int flashSales,
        int sharedPhones,
        int historyDays) {

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
        require(
                sharedPhones >= 0 && sharedPhones * 4 <= accounts / 10,
                "--shared-phones must be between 0 and --accounts / 40");
        require(historyDays >= 0 && historyDays <= 60, "--history-days must be between 0 and 60");
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
                0,
                0,
                0);
    }

    /** The same settings with {@code families} large honest families. */
    public GeneratorConfig withLargeFamilies(int families) {
        return toBuilder().largeFamilies(families).build();
    }

    /** The same settings with a share {@code share} of events written twice. */
    public GeneratorConfig withDuplicates(double share) {
        return toBuilder().duplicates(share).build();
    }

    /** The same settings with another profile. */
    public GeneratorConfig withProfile(GeneratorProfile other) {
        return toBuilder().profile(other).build();
    }

    /** The same settings with {@code farms} slow-burn farms on ordinary phones. */
    public GeneratorConfig withSlowFarms(int farms) {
        return toBuilder().slowFarms(farms).build();
    }

    /** The same settings with {@code groups} laundering groups and {@code lookalikes} of each. */
    public GeneratorConfig withMoneyFlow(int groups, int lookalikes) {
        return toBuilder().laundering(groups).flowLookalikes(lookalikes).build();
    }

    /** The same settings with every amount written times {@code scale}. */
    public GeneratorConfig withAmountScale(double scale) {
        return toBuilder().amountScale(scale).build();
    }

    /** The same settings with {@code n} flash sales of honest merchants. */
    public GeneratorConfig withFlashSales(int n) {
        return toBuilder().flashSales(n).build();
    }

    /** The same settings with {@code n} travelling honest customers. */
    public GeneratorConfig withTravellers(int n) {
        return toBuilder().travellers(n).build();
    }

    /** The same settings with {@code n} households that lend each other their phones. */
    public GeneratorConfig withSharedPhones(int n) {
        return toBuilder().sharedPhones(n).build();
    }

    /** The same settings with {@code n} days of ordinary traffic before the period. */
    public GeneratorConfig withHistoryDays(int n) {
        return toBuilder().historyDays(n).build();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings to change one by one; {@link #build} checks them all. */
    public static final class Builder {
        private int accounts;
        private int days;
        private long seed;
        private Instant start;
        private double eventsPerAccountPerDay;
        private int deviceFarms;
        private int farmSize;
        private int applicationRings;
        private int applicationRingSize;
        private int cashOutRings;
        private int cashOutRingSize;
        private int muleChains;
        private int muleChainLength;
        private int takeovers;
        private double speed;
        private double camouflage;
        private int largeFamilies;
        private double duplicates;
        private GeneratorProfile profile;
        private int slowFarms;
        private int laundering;
        private int flowLookalikes;
        private int travellers;
        private double amountScale;
        private int flashSales;
        private int sharedPhones;
        private int historyDays;

        private Builder(GeneratorConfig c) {
            accounts = c.accounts;
            days = c.days;
            seed = c.seed;
            start = c.start;
            eventsPerAccountPerDay = c.eventsPerAccountPerDay;
            deviceFarms = c.deviceFarms;
            farmSize = c.farmSize;
            applicationRings = c.applicationRings;
            applicationRingSize = c.applicationRingSize;
            cashOutRings = c.cashOutRings;
            cashOutRingSize = c.cashOutRingSize;
            muleChains = c.muleChains;
            muleChainLength = c.muleChainLength;
            takeovers = c.takeovers;
            speed = c.speed;
            camouflage = c.camouflage;
            largeFamilies = c.largeFamilies;
            duplicates = c.duplicates;
            profile = c.profile;
            slowFarms = c.slowFarms;
            laundering = c.laundering;
            flowLookalikes = c.flowLookalikes;
            travellers = c.travellers;
            amountScale = c.amountScale;
            flashSales = c.flashSales;
            sharedPhones = c.sharedPhones;
            historyDays = c.historyDays;
        }

        public Builder accounts(int value) {
            accounts = value;
            return this;
        }

        public Builder days(int value) {
            days = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder start(Instant value) {
            start = value;
            return this;
        }

        public Builder eventsPerAccountPerDay(double value) {
            eventsPerAccountPerDay = value;
            return this;
        }

        public Builder deviceFarms(int value) {
            deviceFarms = value;
            return this;
        }

        public Builder farmSize(int value) {
            farmSize = value;
            return this;
        }

        public Builder applicationRings(int value) {
            applicationRings = value;
            return this;
        }

        public Builder applicationRingSize(int value) {
            applicationRingSize = value;
            return this;
        }

        public Builder cashOutRings(int value) {
            cashOutRings = value;
            return this;
        }

        public Builder cashOutRingSize(int value) {
            cashOutRingSize = value;
            return this;
        }

        public Builder muleChains(int value) {
            muleChains = value;
            return this;
        }

        public Builder muleChainLength(int value) {
            muleChainLength = value;
            return this;
        }

        public Builder takeovers(int value) {
            takeovers = value;
            return this;
        }

        public Builder speed(double value) {
            speed = value;
            return this;
        }

        public Builder camouflage(double value) {
            camouflage = value;
            return this;
        }

        public Builder largeFamilies(int value) {
            largeFamilies = value;
            return this;
        }

        public Builder duplicates(double value) {
            duplicates = value;
            return this;
        }

        public Builder profile(GeneratorProfile value) {
            profile = value;
            return this;
        }

        public Builder slowFarms(int value) {
            slowFarms = value;
            return this;
        }

        public Builder laundering(int value) {
            laundering = value;
            return this;
        }

        public Builder flowLookalikes(int value) {
            flowLookalikes = value;
            return this;
        }

        public Builder travellers(int value) {
            travellers = value;
            return this;
        }

        public Builder amountScale(double value) {
            amountScale = value;
            return this;
        }

        public Builder flashSales(int value) {
            flashSales = value;
            return this;
        }

        public Builder sharedPhones(int value) {
            sharedPhones = value;
            return this;
        }

        public Builder historyDays(int value) {
            historyDays = value;
            return this;
        }

        public GeneratorConfig build() {
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
                    largeFamilies,
                    duplicates,
                    profile,
                    slowFarms,
                    laundering,
                    flowLookalikes,
                    travellers,
                    amountScale,
                    flashSales,
                    sharedPhones,
                    historyDays);
        }
    }

    /** The first instant of the data set: the history's, else the period's. */
    public Instant historyStart() {
        return start.minus(Duration.ofDays(historyDays));
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
