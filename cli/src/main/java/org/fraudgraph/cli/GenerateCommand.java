package org.fraudgraph.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.replay.GeneratorConfig;
import org.fraudgraph.replay.GeneratorProfile;
import org.fraudgraph.replay.TrafficGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a labelled synthetic data set for replay. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a period of synthetic platform traffic with labelled black-market patterns.",
            "Files: transactions.avro, devices.avro, applications.avro, feedback.avro (sorted by event time), "
                    + "labels.csv, rings.csv, fraud-events.csv and manifest.json.",
            "Pattern counts default to about two of each ring kind and ten takeovers per 10,000 accounts."
        })
final class GenerateCommand implements Callable<Integer> {
    @Option(
            names = "--accounts",
            paramLabel = "N",
            required = true,
            description = "Honest accounts (ring members come on top).")
    int accounts;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Length of the period in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Random seed: same seed and flags, same bytes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "Folder to write; must be empty or absent.")
    Path out;

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            description =
                    "First instant of the period, e.g. 2026-11-02T00:00:00Z (default: 2026-11-02T00:00:00Z).")
    Instant start;

    @Option(
            names = "--events-per-account-per-day",
            paramLabel = "X",
            defaultValue = "2.0",
            description = "Median activity of an honest account (default: ${DEFAULT-VALUE}).")
    double eventsPerAccountPerDay;

    @Option(names = "--device-farms", paramLabel = "N", description = "Device farms.")
    Integer deviceFarms;

    @Option(
            names = "--farm-size",
            paramLabel = "N",
            defaultValue = "30",
            description = "Accounts per device farm (default: ${DEFAULT-VALUE}).")
    int farmSize;

    @Option(names = "--application-rings", paramLabel = "N", description = "Application rings.")
    Integer applicationRings;

    @Option(
            names = "--application-ring-size",
            paramLabel = "N",
            defaultValue = "12",
            description = "Accounts per application ring (default: ${DEFAULT-VALUE}).")
    int applicationRingSize;

    @Option(
            names = "--cash-out-rings",
            paramLabel = "N",
            description = "Cash-out rings (each with two colluding merchants).")
    Integer cashOutRings;

    @Option(
            names = "--cash-out-ring-size",
            paramLabel = "N",
            defaultValue = "8",
            description = "Accounts per cash-out ring (default: ${DEFAULT-VALUE}).")
    int cashOutRingSize;

    @Option(names = "--mule-chains", paramLabel = "N", description = "Mule chains.")
    Integer muleChains;

    @Option(
            names = "--mule-chain-length",
            paramLabel = "N",
            defaultValue = "5",
            description = "Accounts per mule chain (default: ${DEFAULT-VALUE}).")
    int muleChainLength;

    @Option(names = "--takeovers", paramLabel = "N", description = "Account takeovers.")
    Integer takeovers;

    @Option(
            names = "--speed",
            paramLabel = "X",
            defaultValue = "1.0",
            description = "Pace of the rings: 2 acts twice as fast (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--camouflage",
            paramLabel = "X",
            defaultValue = "0.5",
            description =
                    "Normal activity of ring members as a share of an honest account's, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double camouflage;

    @Option(
            names = "--large-families",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Honest look-alikes: N families of 6 to 12 accounts sharing one device and one address, listed in"
                            + " honest-lookalikes.csv so that the replay report counts false alarms on them (default: ${DEFAULT-VALUE}).")
    int largeFamilies;

    @Option(
            names = "--slow-farms",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "N slow-burn device farms on ordinary phones (no emulator, no root, carrier IPs): about one new account"
                            + " a day, registered on one of the farm's few phones and worked on the others; labelled SLOW_FARM"
                            + " (default: ${DEFAULT-VALUE}).")
    int slowFarms;

    @Option(
            names = "--laundering",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "N money-laundering groups of recruited accounts, taking the typologies FAN_IN, FAN_OUT, CYCLE,"
                            + " SCATTER_GATHER, GATHER_SCATTER and LAYERED in turn, each with its own size, amounts and hop time"
                            + " (minutes to two days); the money of each run is first taken from victims' accounts taken over"
                            + " (default: ${DEFAULT-VALUE}).")
    int laundering;

    @Option(
            names = "--flow-lookalikes",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Honest look-alikes of money flow: N employers paying salaries on one day (PAYROLL) and N landlords"
                            + " collecting rent and moving it on (RENT), listed in honest-lookalikes.csv (default: ${DEFAULT-VALUE}).")
    int flowLookalikes;

    @Option(
            names = "--travellers",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Honest look-alikes of a takeover: N customers who travel to another city for one to four days,"
                            + " two in three with a new phone, listed as TRAVELLER in honest-lookalikes.csv (default:"
                            + " ${DEFAULT-VALUE}).")
    int travellers;

    @Option(
            names = "--flash-sales",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Honest look-alikes of a cash-out: N flash sales, each a popular merchant selling at one to three round"
                            + " prices to 40 to 150 customers within hours, a fifth to two fifths of them accounts opened in"
                            + " the three days before; listed as FLASH_SALE in honest-lookalikes.csv (default:"
                            + " ${DEFAULT-VALUE}).")
    int flashSales;

    @Option(
            names = "--shared-phones",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Honest look-alikes of a slow farm: N households of two to four people who now and then log in on"
                            + " each other's phones, a third of them all newly joined and a third with one newcomer;"
                            + " listed as SHARED_PHONES in honest-lookalikes.csv (default: ${DEFAULT-VALUE}).")
    int sharedPhones;

    @Option(
            names = "--history-days",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "N days of ordinary traffic before the period (no ring acts in them): a replay then meets the"
                            + " accounts, devices and merchants before the rings act, as a job that has run for a while"
                            + " has, and counts only the period (the history's alerts are reported apart); 0 starts the"
                            + " job cold with the period (default: ${DEFAULT-VALUE}).")
    int historyDays;

    @Option(
            names = "--amount-scale",
            paramLabel = "X",
            defaultValue = "1",
            description =
                    "Write every amount times X, as a platform in another currency counts it: 100 for a unit worth a"
                            + " hundredth as much as the fen, 0.01 for whole units (default: ${DEFAULT-VALUE}). Detection"
                            + " should not change with it.")
    double amountScale;

    @Option(
            names = "--duplicates",
            paramLabel = "SHARE",
            defaultValue = "0",
            description =
                    "A delivery fault: write this share of events twice in a row, as a producer's retry sends them, 0 to 0.5"
                            + " (default: ${DEFAULT-VALUE}); replay scores each once.")
    double duplicates;

    @Option(
            names = "--profile",
            paramLabel = "classic|varied",
            defaultValue = "classic",
            description =
                    "How varied the rings are: classic (every ring of a kind as the size flags say; what the model was tuned on)"
                            + " or varied (each ring draws its size, pace and camouflage from wide ranges) (default: ${DEFAULT-VALUE}).")
    String profile;

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config = config();
        if (Files.exists(out)
                && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
            throw new Cli.UsageProblem("--out " + out + " exists and is not an empty folder");
        }
        PrintStream console = System.out;
        console.printf(
                "fraudgraph generate: %,d accounts, %d days%s, seed %d -> %s%n",
                accounts,
                days,
                historyDays > 0
                        ? " after "
                                + historyDays
                                + (historyDays == 1 ? " day" : " days")
                                + " of history"
                        : "",
                seed,
                out);
        long started = System.nanoTime();
        long[] lastPrint = {0};
        TrafficGenerator.Summary summary =
                new TrafficGenerator(config)
                        .generate(
                                out,
                                p -> {
                                    long now = System.nanoTime();
                                    if (now - lastPrint[0] > 2_000_000_000L
                                            || p.hoursDone() == p.hoursTotal()) {
                                        lastPrint[0] = now;
                                        double seconds = Math.max(0.001, (now - started) / 1e9);
                                        console.printf(
                                                "  day %d/%d  %,d events  (%,.0f events/s)%n",
                                                (p.hoursDone() + 23) / 24,
                                                days + historyDays,
                                                p.events(),
                                                p.events() / seconds);
                                    }
                                });
        console.printf(
                "fraudgraph generate: %,d events (transactions %,d, devices %,d, applications %,d, feedback %,d), "
                        + "%,d accounts, %d rings, %,d ring events in %.1f s%n",
                summary.events(),
                summary.eventsPerFile()[0],
                summary.eventsPerFile()[1],
                summary.eventsPerFile()[2],
                summary.eventsPerFile()[3],
                summary.accounts(),
                summary.rings(),
                summary.fraudEvents(),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private GeneratorConfig config() {
        GeneratorConfig d;
        try {
            d = GeneratorConfig.defaults(accounts, days, seed);
            return d.toBuilder()
                    .start(start == null ? d.start() : start)
                    .eventsPerAccountPerDay(eventsPerAccountPerDay)
                    .deviceFarms(or(deviceFarms, d.deviceFarms()))
                    .farmSize(farmSize)
                    .applicationRings(or(applicationRings, d.applicationRings()))
                    .applicationRingSize(applicationRingSize)
                    .cashOutRings(or(cashOutRings, d.cashOutRings()))
                    .cashOutRingSize(cashOutRingSize)
                    .muleChains(or(muleChains, d.muleChains()))
                    .muleChainLength(muleChainLength)
                    .takeovers(or(takeovers, d.takeovers()))
                    .speed(speed)
                    .camouflage(camouflage)
                    .largeFamilies(largeFamilies)
                    .duplicates(duplicates)
                    .profile(profile())
                    .slowFarms(slowFarms)
                    .laundering(laundering)
                    .flowLookalikes(flowLookalikes)
                    .travellers(travellers)
                    .amountScale(amountScale)
                    .flashSales(flashSales)
                    .sharedPhones(sharedPhones)
                    .historyDays(historyDays)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
    }

    private GeneratorProfile profile() {
        GeneratorProfile p = GeneratorProfile.of(profile);
        if (p == null) {
            throw new Cli.UsageProblem(
                    "--profile must be classic or varied, not '" + profile + "'");
        }
        return p;
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
