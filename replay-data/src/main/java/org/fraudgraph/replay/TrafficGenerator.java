package org.fraudgraph.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecordBase;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.Verdict;

/**
 * Writes a period of synthetic platform traffic with labelled black-market patterns: four Avro
 * files sorted by event time, the ground truth ({@link GroundTruth}) and a manifest.
 *
 * <p>Background: account ages from a month to five years plus honest new accounts, daily and weekly
 * cycles, everyday purchases with a median of about 430.00 and a long tail, instalments,
 * repayments, refunds and transfers, families sharing a device and an address, office and
 * carrier-NAT IPs shared by many accounts, merchants with a few very popular ones. Patterns: see
 * {@link Pattern}; ring members also behave normally at {@code camouflage} times an honest
 * account's activity.
 *
 * <p>Memory is bounded: the population's arrays (a few dozen bytes per account), one hour of
 * events, and the planned ring events. Deterministic: the same configuration gives the same bytes.
 *
 * <pre>{@code
 * Summary s = new TrafficGenerator(GeneratorConfig.defaults(30_000, 7, 1)).generate(dir, progress -> {});
 * }</pre>
 */
public final class TrafficGenerator {
    /** Relative activity per hour of the day (UTC+8 local time of the platform). */
    private static final double[] HOURLY = {
        0.30, 0.20, 0.15, 0.10, 0.10, 0.15, 0.30, 0.60, 0.90, 1.00, 1.10, 1.30,
        1.50, 1.30, 1.10, 1.00, 1.00, 1.10, 1.30, 1.50, 1.70, 1.60, 1.20, 0.70
    };

    private static final double HOURLY_MEAN = mean(HOURLY);
    private static final String[] MODELS = {
        "Xiaomi 14", "Huawei P60", "iPhone 15", "OPPO Reno11", "vivo X100", "Honor 90"
    };

    /** What was written. */
    public record Summary(
            long events, long[] eventsPerFile, int accounts, int rings, long fraudEvents) {}

    /** Progress after each generated hour. */
    public record Progress(int hoursDone, int hoursTotal, long events) {}

    private record Pending(long millis, long seq, SpecificRecordBase event) {}

    private final GeneratorConfig config;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(
                    Comparator.comparingLong(Pending::millis).thenComparingLong(Pending::seq));
    private final GroundTruth truth = new GroundTruth();

    /**
     * An honest traveller's week: a new phone from {@code phoneFrom} ({@code newDevice} -1 when
     * they keep theirs), and a trip to {@code city} from {@code from} to {@code to} on hotel and
     * carrier networks.
     */
    private record Trip(long phoneFrom, int newDevice, long from, long to, String city) {}

    /** The travellers' trips (look-alikes of a takeover), by account; empty for most data sets. */
    private final java.util.Map<Integer, Trip> trips = new java.util.HashMap<>();

    private Population population;
    private AliasTable merchantPopularity;
    private int merchants;
    private int employers;
    private long sequence;
    private int nextMember;
    private int extraDevices;
    private GeneratorProfile.RingShape[] farmShapes;
    private GeneratorProfile.RingShape[] applicationShapes;
    private GeneratorProfile.RingShape[] cashOutShapes;
    private GeneratorProfile.RingShape[] muleShapes;
    private GeneratorProfile.RingShape[] takeoverShapes;
    private GeneratorProfile.RingShape[] slowFarmShapes;
    private GeneratorProfile.RingShape[] launderingShapes;

    /** The laundering typologies, taken in turn. */
    private static final Pattern[] LAUNDERING = {
        Pattern.FAN_IN,
        Pattern.FAN_OUT,
        Pattern.CYCLE,
        Pattern.SCATTER_GATHER,
        Pattern.GATHER_SCATTER,
        Pattern.LAYERED
    };

    public TrafficGenerator(GeneratorConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    public Summary generate(Path out, Consumer<Progress> progress) throws IOException {
        farmShapes = shapes(config.deviceFarms(), config.farmSize(), 8, 60);
        applicationShapes = shapes(config.applicationRings(), config.applicationRingSize(), 5, 20);
        cashOutShapes = shapes(config.cashOutRings(), config.cashOutRingSize(), 3, 12);
        muleShapes = shapes(config.muleChains(), config.muleChainLength(), 3, 8);
        takeoverShapes = shapes(config.takeovers(), 1, 1, 1);
        // Drawn last, so the data sets without slow farms stay what they were.
        slowFarmShapes = shapes(config.slowFarms(), 8, 6, 15);
        launderingShapes = shapes(config.laundering(), 6, 4, 12);
        int members = 0;
        for (GeneratorProfile.RingShape[] kind :
                List.of(farmShapes, applicationShapes, cashOutShapes, muleShapes, slowFarmShapes)) {
            for (GeneratorProfile.RingShape shape : kind) {
                members += shape.size();
            }
        }
        for (int i = 0; i < launderingShapes.length; i++) {
            members += launderingAccounts(LAUNDERING[i % LAUNDERING.length], launderingShapes[i]);
        }
        population = new Population(config, members, random);
        nextMember = config.accounts();
        merchants = Math.max(200, config.accounts() / 20);
        employers = Math.max(50, config.accounts() / 30);
        double[] popularity = new double[merchants];
        for (int m = 0; m < merchants; m++) {
            popularity[m] = 1.0 / Math.pow(m + 1, 1.1);
        }
        merchantPopularity = new AliasTable(popularity);

        new RingPlanner().planAll();
        population.freeze();
        for (int[] family : population.largeFamilies) {
            for (int a : family) {
                truth.honest(population.accountId(a), "LARGE_FAMILY");
            }
        }

        int[] newcomers = honestNewcomersByCreation();
        int nextNewcomer = 0;
        double dailyEvents = 0;
        for (double r : population.rate) {
            dailyEvents += r;
        }
        // From the history's start: ordinary traffic only until the period, where the rings act.
        long start = config.historyStart().toEpochMilli();
        int hours = (config.historyDays() + config.days()) * 24;
        long written = 0;
        // Its own random numbers, so the events are the same with or without the repeats.
        SplittableRandom resend =
                config.duplicates() > 0
                        ? new SplittableRandom(config.seed() ^ 0x5EED_D0B1EL)
                        : null;
        try (EventFiles.Writer writer = new EventFiles.Writer(out)) {
            List<Pending> hour = new ArrayList<>();
            for (int h = 0; h < hours; h++) {
                long from = start + Duration.ofHours(h).toMillis();
                long to = from + Duration.ofHours(1).toMillis();
                while (nextNewcomer < newcomers.length
                        && population.createdMillis[newcomers[nextNewcomer]] < to) {
                    registerHonest(newcomers[nextNewcomer++]);
                }
                double mean =
                        dailyEvents / 24 * HOURLY[localHour(from)] / HOURLY_MEAN * weekday(from);
                long count =
                        Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
                for (long i = 0; i < count; i++) {
                    int account = population.sampleActive(random);
                    long time = from + (long) (random.nextDouble() * (to - from));
                    if (time >= population.createdMillis[account]) {
                        schedule(time, background(account, time));
                    }
                }
                while (!pending.isEmpty() && pending.peek().millis() < to) {
                    hour.add(pending.poll());
                }
                for (Pending p : hour) {
                    if (p.millis() >= start) {
                        writer.write(p.event());
                        written++;
                        if (resend != null && resend.nextDouble() < config.duplicates()) {
                            writer.write(p.event());
                            written++;
                        }
                    }
                }
                hour.clear();
                progress.accept(new Progress(h + 1, hours, written));
            }
            pending.clear();
            truth.write(out);
            long fraudEvents = truth.fraudEvents().size();
            Summary summary =
                    new Summary(
                            written,
                            writer.counts(),
                            population.total,
                            truth.rings().size(),
                            fraudEvents);
            Manifest.write(out, config, summary);
            return summary;
        }
    }

    /** Accounts a laundering group of this typology and shape needs. */
    private static int launderingAccounts(Pattern typology, GeneratorProfile.RingShape shape) {
        int k = shape.size();
        return switch (typology) {
            case FAN_IN, SCATTER_GATHER -> k + 2;
            case FAN_OUT -> k + 1;
            case CYCLE -> k;
            case GATHER_SCATTER -> 2 * k + 1;
            case LAYERED -> 2 * Math.max(2, k / 2) + 2;
            default -> throw new IllegalArgumentException("not a laundering typology: " + typology);
        };
    }

    /** Each ring's shape: the settings' own under the classic profile, else drawn. */
    private GeneratorProfile.RingShape[] shapes(int rings, int size, int min, int max) {
        GeneratorProfile.RingShape[] out = new GeneratorProfile.RingShape[rings];
        for (int i = 0; i < rings; i++) {
            out[i] = config.profile().shape(size, min, max, config, random);
        }
        return out;
    }

    private int[] honestNewcomersByCreation() {
        long start = config.historyStart().toEpochMilli();
        return java.util.stream.IntStream.range(0, config.accounts())
                .filter(a -> population.createdMillis[a] >= start)
                .boxed()
                .sorted(
                        Comparator.comparingLong((Integer a) -> population.createdMillis[a])
                                .thenComparingInt(a -> a))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    // ---------------------------------------------------------------- background

    private void registerHonest(int a) {
        long t = population.createdMillis[a];
        schedule(
                t,
                device(
                        a,
                        t,
                        DeviceEventType.REGISTER,
                        Ids.device(population.device[a]),
                        population.homeIp(a),
                        false));
        long applied = t + minutes(5 + random.nextInt(45));
        schedule(
                applied,
                application(
                        a,
                        applied,
                        ApplicationType.CREDIT_APPLICATION,
                        500_000L * (2 + random.nextInt(19))));
    }

    private SpecificRecordBase background(int a, long t) {
        double roll = random.nextDouble();
        if (roll < 0.75) {
            int type = random.nextInt(100);
            if (type < 55) {
                return purchase(a, t, TransactionType.PAYMENT, amount(43_000, 1.0));
            }
            if (type < 67) {
                return purchase(a, t, TransactionType.INSTALMENT_PURCHASE, amount(150_000, 0.8));
            }
            if (type < 87) {
                return transaction(
                        a,
                        t,
                        TransactionType.REPAYMENT,
                        null,
                        null,
                        amount(60_000, 0.9),
                        1,
                        ownCard(a));
            }
            if (type < 90) {
                return purchase(a, t, TransactionType.REFUND, amount(15_000, 0.9));
            }
            int to = population.sampleActive(random);
            return transaction(
                    a,
                    t,
                    TransactionType.TRANSFER,
                    null,
                    population.accountId(to),
                    amount(50_000, 1.0),
                    1,
                    ownCard(a));
        }
        if (roll < 0.95) {
            int type = random.nextInt(100);
            DeviceEventType kind =
                    type < 90
                            ? DeviceEventType.LOGIN
                            : type < 94
                                    ? DeviceEventType.BIND_CARD
                                    : type < 96
                                            ? DeviceEventType.CHANGE_PHONE
                                            : DeviceEventType.RESET_PASSWORD;
            return device(a, t, kind, deviceAt(a, t), ipAt(a, t), false);
        }
        int type = random.nextInt(100);
        ApplicationType kind =
                type < 60
                        ? ApplicationType.LIMIT_RAISE
                        : type < 95
                                ? ApplicationType.LOAN_DRAW
                                : ApplicationType.CREDIT_APPLICATION;
        return application(a, t, kind, 100_000L * (5 + random.nextInt(200)));
    }

    private TransactionEvent purchase(int a, long t, TransactionType type, long amountMinor) {
        String merchant = Ids.merchant(merchantPopularity.sample(random));
        int instalments =
                type == TransactionType.INSTALMENT_PURCHASE
                        ? new int[] {3, 6, 12, 24}[random.nextInt(4)]
                        : 1;
        return transaction(a, t, type, merchant, null, amountMinor, instalments, ownCard(a));
    }

    private long amount(double medianMinor, double sigma) {
        return Math.max(
                100,
                Math.min(
                        5_000_000,
                        Math.round(medianMinor * Math.exp(random.nextGaussian() * sigma))));
    }

    private String ip(int a) {
        return random.nextDouble() < 0.8
                ? population.homeIp(a)
                : population.natIp(random.nextInt(Math.max(20, population.total / 5_000)));
    }

    /** The device the account uses at {@code t}: a traveller's new phone from when they have it. */
    private String deviceAt(int a, long t) {
        Trip trip = trips.isEmpty() ? null : trips.get(a);
        return trip != null && trip.newDevice() >= 0 && t >= trip.phoneFrom()
                ? Ids.device(trip.newDevice())
                : Ids.device(population.device[a]);
    }

    /** The IP at {@code t}: on a trip, the hotel's network (one NAT for its guests). */
    private String ipAt(int a, long t) {
        Trip trip = trips.isEmpty() ? null : trips.get(a);
        if (trip != null && t >= trip.from() && t < trip.to()) {
            return population.natIp(Math.floorMod(a * 31L + trip.city().hashCode(), 997) + 1_000);
        }
        return ip(a);
    }

    /** The city at {@code t}: on a trip, the trip's. */
    private String cityAt(int a, long t) {
        Trip trip = trips.isEmpty() ? null : trips.get(a);
        return trip != null && t >= trip.from() && t < trip.to() ? trip.city() : population.city(a);
    }

    private String ownCard(int a) {
        return Ids.card(a);
    }

    // ---------------------------------------------------------------- event builders

    private TransactionEvent transaction(
            int a,
            long t,
            TransactionType type,
            String merchant,
            String counterparty,
            long amountMinor,
            int instalments,
            String card) {
        return TransactionEvent.newBuilder()
                .setEventId(nextEventId())
                .setEventTime(Instant.ofEpochMilli(t))
                .setType(type)
                .setAccountId(population.accountId(a))
                .setMerchantId(merchant)
                .setCounterpartyAccountId(counterparty)
                .setAmountMinor(inCurrency(amountMinor))
                .setInstalments(instalments)
                .setChannel(merchant == null ? "APP" : random.nextInt(4) == 0 ? "QR" : "APP")
                .setDeviceId(deviceAt(a, t))
                .setIp(ipAt(a, t))
                .setBankCardHash(card)
                .setCity(cityAt(a, t))
                .setAccountCreatedTime(opened(a, t))
                .build();
    }

    /**
     * When the platform opened the account, as its events say: every event carries it, as a
     * platform that knows its own accounts would send it.
     */
    private Instant opened(int a, long t) {
        return Instant.ofEpochMilli(Math.min(population.createdMillis[a], t));
    }

    /** An amount in the data set's currency ({@link GeneratorConfig#amountScale}). */
    private long inCurrency(long amountMinor) {
        double scale = config.amountScale();
        return scale == 1 ? amountMinor : Math.max(1, Math.round(amountMinor * scale));
    }

    private DeviceEvent device(
            int a, long t, DeviceEventType type, String deviceId, String ip, boolean emulator) {
        int model =
                (int) Long.remainderUnsigned(Long.parseUnsignedLong(deviceId, 16), MODELS.length);
        return DeviceEvent.newBuilder()
                .setEventId(nextEventId())
                .setEventTime(Instant.ofEpochMilli(t))
                .setType(type)
                .setAccountId(population.accountId(a))
                .setDeviceId(deviceId)
                .setFingerprint(
                        DeviceFingerprint.newBuilder()
                                .setModel(emulator ? "Android SDK built for x86" : MODELS[model])
                                .setOs(model == 2 ? "iOS" : "Android")
                                .setOsVersion(model == 2 ? "17.4" : "14")
                                .setEmulator(emulator)
                                .setRooted(emulator)
                                .build())
                .setIp(ip)
                .setCity(cityAt(a, t))
                .setBankCardHash(type == DeviceEventType.BIND_CARD ? Ids.card(a) : null)
                .setPhoneHash(
                        type == DeviceEventType.CHANGE_PHONE || type == DeviceEventType.REGISTER
                                ? Ids.phone(a)
                                : null)
                .setAccountCreatedTime(opened(a, t))
                .build();
    }

    private ApplicationEvent application(int a, long t, ApplicationType type, long requestedMinor) {
        int home = population.address[a];
        List<String> contacts = new ArrayList<>();
        contacts.add(home != a ? Ids.phone(home) : Ids.phone(20_000_000 + 2 * a));
        contacts.add(Ids.phone(20_000_001 + 2 * a));
        return ApplicationEvent.newBuilder()
                .setEventId(nextEventId())
                .setEventTime(Instant.ofEpochMilli(t))
                .setType(type)
                .setAccountId(population.accountId(a))
                .setPhoneHash(Ids.phone(a))
                .setIdNumberHash(Ids.idNumber(a))
                .setBankCardHash(Ids.card(a))
                .setAddressHash(Ids.address(home))
                .setEmployerHash(Ids.employer(a % employers))
                .setContactPhoneHashes(contacts)
                .setDeviceId(deviceAt(a, t))
                .setIp(population.homeIp(a))
                .setRequestedAmountMinor(inCurrency(requestedMinor))
                .setAccountCreatedTime(opened(a, t))
                .build();
    }

    private FeedbackEvent feedback(
            long t, EntityType type, String id, Verdict verdict, String source) {
        return FeedbackEvent.newBuilder()
                .setEventId(nextEventId())
                .setEventTime(Instant.ofEpochMilli(t))
                .setEntityType(type)
                .setEntityId(id)
                .setVerdict(verdict)
                .setSource(source)
                .build();
    }

    private String nextEventId() {
        return "ev-" + Ids.hash("event", sequence++);
    }

    private void schedule(long t, SpecificRecordBase event) {
        pending.add(new Pending(t, sequence, event));
    }

    // ---------------------------------------------------------------- rings

    /**
     * Plans every ring's events up front (they are few) into the pending queue, and labels them.
     */
    private final class RingPlanner {
        private final long start = config.start().toEpochMilli();
        private final long end = config.end().toEpochMilli();

        /** The shape of the ring being planned: its size, pace and camouflage. */
        private GeneratorProfile.RingShape shape;

        void planAll() {
            for (int i = 0; i < config.deviceFarms(); i++) {
                shape = farmShapes[i];
                deviceFarm("R-DF-" + (i + 1));
            }
            for (int i = 0; i < config.applicationRings(); i++) {
                shape = applicationShapes[i];
                applicationRing("R-AR-" + (i + 1));
            }
            for (int i = 0; i < config.cashOutRings(); i++) {
                shape = cashOutShapes[i];
                cashOut("R-CO-" + (i + 1));
            }
            for (int i = 0; i < config.muleChains(); i++) {
                shape = muleShapes[i];
                muleChain("R-MC-" + (i + 1));
            }
            for (int i = 0; i < config.slowFarms(); i++) {
                shape = slowFarmShapes[i];
                slowFarm("R-SF-" + (i + 1));
            }
            for (int i = 0; i < config.takeovers(); i++) {
                shape = takeoverShapes[i];
                takeover("R-ATO-" + (i + 1));
            }
            // Last, so the data sets without them stay what they were.
            for (int i = 0; i < config.laundering(); i++) {
                shape = launderingShapes[i];
                launder("R-ML-" + (i + 1), LAUNDERING[i % LAUNDERING.length]);
            }
            for (int i = 0; i < config.flowLookalikes(); i++) {
                payroll();
                landlord();
            }
            for (int i = 0; i < config.travellers(); i++) {
                traveller();
            }
            for (int i = 0; i < config.flashSales(); i++) {
                flashSale();
            }
            for (int i = 0; i < config.sharedPhones(); i++) {
                householdSharingPhones();
            }
        }

        /**
         * An honest household of two to four people (a couple, a couple with grown children) at one
         * address who now and then log in on each other's phones: each keeps their own phone and,
         * in the period, logs in one to four times on another member's, at that member's home
         * network. A third of the households joined the platform together in the period (all
         * members registered within three days of the first, one bringing the others), a third have
         * one newcomer among existing customers, a third are all existing customers: what a slow
         * farm looks like to the device graph (new accounts on each other's phones), without the
         * farm.
         */
        void householdSharingPhones() {
            int size = 2 + random.nextInt(3);
            int newMembers =
                    switch (random.nextInt(3)) {
                        case 0 -> size;
                        case 1 -> 1;
                        default -> 0;
                    };
            int[] members = new int[size];
            List<Integer> joined = newcomersTogether(newMembers);
            for (int m = 0; m < size; m++) {
                int a;
                if (m < joined.size()) {
                    a = joined.get(m);
                } else {
                    do {
                        a = lookalike();
                    } while (!ownPhone(a) || population.createdMillis[a] >= start);
                }
                members[m] = a;
                truth.honest(population.accountId(a), "SHARED_PHONES");
            }
            for (int m = 1; m < size; m++) {
                population.address[members[m]] = population.address[members[0]];
                population.city[members[m]] = population.city[members[0]];
            }
            for (int m = 0; m < size; m++) {
                int a = members[m];
                int owner = members[(m + 1 + random.nextInt(size - 1)) % size];
                long from =
                        Math.max(
                                        start,
                                        Math.max(
                                                population.createdMillis[a],
                                                population.createdMillis[owner]))
                                + Duration.ofHours(1).toMillis();
                int logins = 1 + random.nextInt(4);
                for (int l = 0; l < logins && from < end; l++) {
                    long at = from + (long) (random.nextDouble() * (end - from));
                    schedule(
                            at,
                            device(
                                    a,
                                    at,
                                    DeviceEventType.LOGIN,
                                    Ids.device(population.device[owner]),
                                    population.homeIp(owner),
                                    false));
                }
            }
        }

        /** Phones some family shares, by the index of the account that owns them. */
        private java.util.BitSet familyPhones;

        /** The account has a phone of its own, shared with no family. */
        private boolean ownPhone(int a) {
            if (familyPhones == null) {
                familyPhones = new java.util.BitSet(population.total);
                for (int b = 0; b < population.total; b++) {
                    if (population.device[b] != b) {
                        familyPhones.set(population.device[b]);
                    }
                }
            }
            return population.device[a] == a && !familyPhones.get(a);
        }

        /**
         * {@code n} honest accounts registered in the period, on their own phones and in no other
         * look-alike, each within three days of the first: people joining together.
         */
        private List<Integer> newcomersTogether(int n) {
            List<Integer> out = new ArrayList<>();
            if (n == 0) {
                return out;
            }
            int first;
            do {
                first = lookalike();
            } while (!ownPhone(first) || population.createdMillis[first] < start);
            out.add(first);
            long window = Duration.ofDays(3).toMillis();
            for (int tries = 0; out.size() < n && tries < 100_000; tries++) {
                int a = lookalike();
                if (ownPhone(a)
                        && population.createdMillis[a] >= start
                        && Math.abs(population.createdMillis[a] - population.createdMillis[first])
                                <= window
                        && !out.contains(a)) {
                    out.add(a);
                }
            }
            return out;
        }

        /**
         * An honest merchant's flash sale: for two to eight hours one of the platform's merchants
         * (drawn by popularity, as customers pick them) sells at one to three round prices (9.90 to
         * 1,999.00, as sale prices are) to 40 to 150 honest customers, a fifth to two fifths of
         * them accounts opened in the three days before (the sale brought them): what a cash-out
         * looks like to the merchant features (new buyers, round amounts), without the collusion.
         */
        void flashSale() {
            String merchant = Ids.merchant(merchantPopularity.sample(random));
            long length = Duration.ofHours(2 + random.nextInt(7)).toMillis();
            long lead = Math.min(Duration.ofDays(1).toMillis(), (end - start) / 4);
            long from =
                    start
                            + lead
                            + (long)
                                    (random.nextDouble()
                                            * Math.max(1, end - start - lead - length));
            long[] list = {990, 9_900, 19_900, 49_900, 99_900, 199_900};
            int first = random.nextInt(list.length - 2);
            long[] prices =
                    java.util.Arrays.copyOfRange(list, first, first + 1 + random.nextInt(3));
            int buyers = 40 + random.nextInt(111);
            double newShare = 0.2 + 0.2 * random.nextDouble();
            List<Integer> newcomers = new ArrayList<>();
            for (int a = 0; a < population.honest; a++) {
                long created = population.createdMillis[a];
                if (created >= from - Duration.ofDays(3).toMillis()
                        && created < from
                        && !truth.taken(population.accountId(a))) {
                    newcomers.add(a);
                }
            }
            java.util.Collections.shuffle(newcomers, new java.util.Random(random.nextLong()));
            int fromNew = Math.min(newcomers.size(), (int) Math.round(buyers * newShare));
            for (int b = 0; b < buyers; b++) {
                int a = b < fromNew ? newcomers.get(b) : lookalike();
                while (population.createdMillis[a] >= from) {
                    a = lookalike();
                }
                truth.honest(population.accountId(a), "FLASH_SALE");
                long at = from + (long) (random.nextDouble() * length);
                TransactionType type =
                        random.nextInt(4) == 0
                                ? TransactionType.INSTALMENT_PURCHASE
                                : TransactionType.PAYMENT;
                schedule(
                        at,
                        transaction(
                                a,
                                at,
                                type,
                                merchant,
                                null,
                                prices[random.nextInt(prices.length)],
                                type == TransactionType.INSTALMENT_PURCHASE ? 3 : 1,
                                ownCard(a)));
            }
        }

        /**
         * An honest customer who, in the period, takes a trip of one to four days to another city
         * (hotel and carrier networks) and, two times in three, has a new phone from up to a day
         * before it: what a takeover looks like (a new device in a new city), without the password
         * reset, the new phone number or the spree. They buy two to five ordinary things there.
         */
        void traveller() {
            int a = lookalike();
            while (population.createdMillis[a] > start - Duration.ofDays(30).toMillis()) {
                a = lookalike();
            }
            truth.honest(population.accountId(a), "TRAVELLER");
            // From the second day on, so the old phone has a day of use before the new one.
            long lead = Math.min(Duration.ofDays(2).toMillis(), (end - start) / 3);
            long from =
                    start
                            + lead
                            + (long) (random.nextDouble() * Math.max(1, end - start - 2 * lead));
            long to = Math.min(end, from + Duration.ofHours(24 + random.nextInt(72)).toMillis());
            boolean newPhone = random.nextInt(3) > 0;
            long phoneFrom = from - (long) (random.nextDouble() * lead / 2);
            String city = otherCity(a);
            Trip trip = new Trip(phoneFrom, newPhone ? newDevice() : -1, from, to, city);
            trips.put(a, trip);
            if (newPhone) {
                schedule(
                        phoneFrom,
                        device(
                                a,
                                phoneFrom,
                                DeviceEventType.LOGIN,
                                Ids.device(trip.newDevice()),
                                population.homeIp(a),
                                false));
            }
            int buys = 2 + random.nextInt(4);
            for (int b = 0; b < buys; b++) {
                long at = from + (long) (random.nextDouble() * (to - from));
                schedule(at, purchase(a, at, TransactionType.PAYMENT, amount(43_000, 1.0)));
            }
        }

        /**
         * A laundering group of recruited, aged accounts moving money in its typology's shape, one
         * to three times in the period. Each group draws its amounts (300.00 to 30,000.00 a run,
         * never round) and its hop time (10 minutes to 2 days, log-uniform, then the pace).
         *
         * <p>Laundered money comes from somewhere: before each run, the money every entry account
         * sends on (more than it receives within the run) reaches it from victims whose accounts
         * were taken over ({@link #placement}), one to three entries a victim.
         */
        void launder(String ring, Pattern typology) {
            long t0 = ringStart();
            int k = shape.size();
            int[] m = new int[launderingAccounts(typology, shape)];
            long aged = start - Duration.ofDays(60 + random.nextInt(300)).toMillis();
            for (int i = 0; i < m.length; i++) {
                m[i] =
                        member(
                                aged + minutes(random.nextInt(200_000)),
                                newDevice(),
                                random.nextInt(Population.CITIES.length),
                                shape.camouflage() * 0.5);
            }
            long hop = scaled((long) (minutes(10) * Math.exp(random.nextDouble() * Math.log(288))));
            // Room before the first run for its placement, within the period.
            long lead = 2 * scaled(minutes(8)) + minutes(25) + hop * 3 / 2;
            t0 = Math.max(t0, start + lead);
            for (int a : m) {
                labelAccount(a, ring, typology, t0 - lead);
            }
            int runs = 1 + random.nextInt(3);
            for (int r = 0; r < runs; r++) {
                long t = t0 + r * scaled(Duration.ofDays(1 + random.nextInt(3)).toMillis());
                long total = logUniform(30_000, 3_000_000) + random.nextInt(100);
                run = new ArrayList<>();
                switch (typology) {
                    case FAN_IN -> {
                        // m[0..k-1] send to the collector m[k], which passes it on to m[k+1].
                        long gathered = 0;
                        for (int i = 0; i < k; i++) {
                            long part = share(total, k);
                            send(ring, m[i], m[k], t + jitter(hop), part);
                            gathered += part;
                        }
                        send(ring, m[k], m[k + 1], t + 2 * hop + jitter(hop), kept(gathered));
                    }
                    case FAN_OUT -> {
                        for (int i = 1; i <= k; i++) {
                            send(ring, m[0], m[i], t + jitter(hop), share(total, k));
                        }
                    }
                    case CYCLE -> {
                        long amount = total;
                        long at = t;
                        for (int i = 0; i < k; i++) {
                            send(ring, m[i], m[(i + 1) % k], at, amount);
                            at += jitter(hop);
                            amount = kept(amount);
                        }
                    }
                    case SCATTER_GATHER -> {
                        for (int i = 1; i <= k; i++) {
                            long part = share(total, k);
                            long at = t + jitter(hop);
                            send(ring, m[0], m[i], at, part);
                            send(ring, m[i], m[k + 1], at + jitter(hop), kept(part));
                        }
                    }
                    case GATHER_SCATTER -> {
                        long gathered = 0;
                        for (int i = 0; i < k; i++) {
                            long part = share(total, k);
                            send(ring, m[i], m[k], t + jitter(hop), part);
                            gathered += part;
                        }
                        for (int i = 0; i < k; i++) {
                            send(
                                    ring,
                                    m[k],
                                    m[k + 1 + i],
                                    t + 2 * hop + jitter(hop),
                                    share(kept(gathered), k));
                        }
                    }
                    case LAYERED -> {
                        // m[0] -> layer m[1..w] -> layer m[w+1..2w] -> m[2w+1], each of a layer
                        // paying two of the next.
                        int w = (m.length - 2) / 2;
                        for (int i = 1; i <= w; i++) {
                            long part = share(total, w);
                            long at = t + jitter(hop);
                            send(ring, m[0], m[i], at, part);
                            for (int j = 0; j < 2; j++) {
                                int next = w + 1 + (i - 1 + j) % w;
                                long half = kept(part) / 2;
                                long on = at + jitter(hop);
                                send(ring, m[i], m[next], on, half);
                                send(ring, m[next], m[2 * w + 1], on + jitter(hop), kept(half));
                            }
                        }
                    }
                    default ->
                            throw new IllegalStateException(
                                    "not a laundering typology: " + typology);
                }
                placement(ring, hop);
                List<Send> planned = run;
                run = null;
                planned.forEach(x -> send(ring, x.from(), x.to(), x.at(), x.amount()));
            }
            maybeConfirm(m[0], t0);
        }

        /** One transfer of a laundering run. */
        private record Send(int from, int to, long at, long amount) {}

        /** The transfers of the laundering run being planned. */
        private List<Send> run;

        /** A transfer of the ring: now, or with its run when a laundering run is being planned. */
        private void send(String ring, int from, int to, long t, long amount) {
            if (run != null) {
                run.add(new Send(from, to, t, amount));
                return;
            }
            fraud(
                    ring,
                    t,
                    transaction(
                            from,
                            t,
                            TransactionType.TRANSFER,
                            null,
                            population.accountId(to),
                            amount,
                            1,
                            Ids.card(from)));
        }

        /**
         * Where a run's money comes from: every account of the run that sends more than it receives
         * in it gets the difference, and its cut of 1 to 5 %, from a victim some time before its
         * first transfer (half to one and a half hop times, at least five minutes). A victim's
         * account is taken over ({@link #hijack}) and pays one to three entries at once; each
         * victim is an {@link Pattern#ACCOUNT_TAKEOVER} of its own, its transfers that ring's.
         */
        private void placement(String ring, long hop) {
            java.util.Map<Integer, long[]> need = new java.util.TreeMap<>();
            for (Send x : run) {
                long[] n = need.computeIfAbsent(x.from(), k -> new long[] {0, Long.MAX_VALUE});
                n[0] += x.amount();
                n[1] = Math.min(n[1], x.at());
                need.computeIfAbsent(x.to(), k -> new long[] {0, Long.MAX_VALUE})[0] -= x.amount();
            }
            List<int[]> entries = new ArrayList<>();
            need.forEach(
                    (a, n) -> {
                        if (n[0] > 0) {
                            entries.add(new int[] {a});
                        }
                    });
            int i = 0;
            while (i < entries.size()) {
                int pays = Math.min(entries.size() - i, 1 + random.nextInt(3));
                String victimRing = ring + "-V" + (++victims);
                int victim = victim();
                long at = Long.MAX_VALUE;
                for (int j = i; j < i + pays; j++) {
                    long first = need.get(entries.get(j)[0])[1];
                    at = Math.min(at, first - Math.max(minutes(5), jitter(hop)));
                }
                // The takeover's two steps take up to 8 minutes each at the group's pace.
                Session s =
                        hijack(
                                victimRing,
                                victim,
                                at - 2 * scaled(minutes(8)) - minutes(5 + random.nextInt(20)));
                for (int j = i; j < i + pays; j++) {
                    int entry = entries.get(j)[0];
                    long amount =
                            need.get(entry)[0] * (101 + random.nextInt(5)) / 100
                                    + random.nextInt(100);
                    TransactionEvent tx =
                            transaction(
                                    victim,
                                    at,
                                    TransactionType.TRANSFER,
                                    null,
                                    population.accountId(entry),
                                    amount,
                                    1,
                                    ownCard(victim));
                    s.use(tx);
                    fraud(victimRing, at, tx);
                    at += minutes(1 + random.nextInt(4));
                }
                chargeback(victim, at);
                i += pays;
            }
        }

        /** Placement victims so far, for their takeovers' ring ids. */
        private int victims;

        /** Half to one and a half times the hop, so the hops of a group do not tick in step. */
        private long jitter(long hop) {
            return (long) (hop * (0.5 + random.nextDouble()));
        }

        /** One of {@code parts} shares of {@code total}, give or take a fifth, with cents. */
        private long share(long total, int parts) {
            return Math.max(100, (long) (total / parts * (0.8 + 0.4 * random.nextDouble())))
                    + random.nextInt(100);
        }

        /** What is passed on after the mule's cut of 1 to 5 %. */
        private long kept(long amount) {
            return amount * (95 + random.nextInt(5)) / 100;
        }

        /**
         * An honest employer paying 10 to 40 honest accounts their salary on one day, 4,000.00 to
         * 15,000.00 each: one account sending to many at once.
         */
        void payroll() {
            int employer = lookalike();
            truth.honest(population.accountId(employer), "PAYROLL");
            long day = start + Duration.ofDays(random.nextInt(config.days())).toMillis();
            long t = day + Duration.ofHours(9).toMillis();
            int staff = 10 + random.nextInt(31);
            for (int i = 0; i < staff; i++) {
                int employee = lookalike();
                truth.honest(population.accountId(employee), "PAYROLL");
                long at = t + random.nextInt(7_200_000);
                schedule(
                        at,
                        transaction(
                                employer,
                                at,
                                TransactionType.TRANSFER,
                                null,
                                population.accountId(employee),
                                logUniform(400_000, 1_500_000) + random.nextInt(100),
                                1,
                                ownCard(employer)));
            }
        }

        /**
         * An honest landlord collecting rent from 4 to 12 tenants over three days, 1,500.00 to
         * 6,000.00 each, and moving nine tenths of it to a savings account of theirs a day after:
         * money in from many, then out.
         */
        void landlord() {
            int landlord = lookalike();
            truth.honest(population.accountId(landlord), "RENT");
            int savings = lookalike();
            truth.honest(population.accountId(savings), "RENT");
            long day =
                    start
                            + Duration.ofDays(random.nextInt(Math.max(1, config.days() - 4)))
                                    .toMillis();
            int tenants = 4 + random.nextInt(9);
            long collected = 0;
            long last = day;
            for (int i = 0; i < tenants; i++) {
                int tenant = lookalike();
                truth.honest(population.accountId(tenant), "RENT");
                long at = day + random.nextInt(3 * 86_400_000);
                long rent = logUniform(150_000, 600_000) + random.nextInt(100);
                collected += rent;
                last = Math.max(last, at);
                schedule(
                        at,
                        transaction(
                                tenant,
                                at,
                                TransactionType.TRANSFER,
                                null,
                                population.accountId(landlord),
                                rent,
                                1,
                                ownCard(tenant)));
            }
            long moved = last + Duration.ofDays(1).toMillis() + random.nextInt(3_600_000);
            schedule(
                    moved,
                    transaction(
                            landlord,
                            moved,
                            TransactionType.TRANSFER,
                            null,
                            population.accountId(savings),
                            collected * 9 / 10,
                            1,
                            ownCard(landlord)));
        }

        /** A city other than the account's own, any of them alike. */
        private String otherCity(int a) {
            return Population.CITIES[
                    (population.city[a] + 1 + random.nextInt(Population.CITIES.length - 1))
                            % Population.CITIES.length];
        }

        /** An honest account in no ring, not a victim and not yet a look-alike. */
        private int lookalike() {
            int a;
            do {
                a = random.nextInt(population.honest);
            } while (truth.taken(population.accountId(a)));
            return a;
        }

        private long logUniform(long from, long to) {
            return (long) (from * Math.exp(random.nextDouble() * Math.log((double) to / from)));
        }

        /** A start time that leaves the ring room to act before the period ends. */
        private long ringStart() {
            long room = Math.max(minutes(60), end - start - scaled(Duration.ofDays(4).toMillis()));
            return start + (long) (random.nextDouble() * room);
        }

        private long scaled(long millis) {
            return (long) (millis / shape.speed());
        }

        private int member(long createdAt, int deviceIndex, int cityIndex, double rateShare) {
            int a = nextMember++;
            double rate =
                    config.eventsPerAccountPerDay()
                            * Math.exp(random.nextGaussian() * 0.5)
                            * rateShare;
            population.setMember(a, createdAt, rate, deviceIndex, cityIndex);
            return a;
        }

        /** A ring's event; one that would fall after the period is not made at all. */
        private void fraud(String ring, long t, SpecificRecordBase event) {
            if (t >= end) {
                return;
            }
            schedule(t, event);
            truth.fraudEvent(EventFiles.eventId(event), t, ring);
        }

        private void labelAccount(int a, String ring, Pattern pattern, long from) {
            truth.label(EntityType.ACCOUNT, population.accountId(a), ring, pattern, "MEMBER", from);
        }

        private int newDevice() {
            return population.total + 1_000_000 + extraDevices++;
        }

        /** Half the rings are reported by an investigator a few days in: feedback on one member. */
        private void maybeConfirm(int a, long after) {
            long t =
                    after
                            + scaled(Duration.ofDays(2).toMillis())
                            + minutes(random.nextInt(60 * 48));
            if (random.nextBoolean() && t < end) {
                schedule(
                        t,
                        feedback(
                                t,
                                EntityType.ACCOUNT,
                                population.accountId(a),
                                Verdict.CONFIRMED_FRAUD,
                                "INVESTIGATOR"));
            }
        }

        /** {@code count} new devices of the ring, labelled with their role. */
        private int[] farmDevices(int count, String ring, Pattern pattern, String role, long t) {
            int[] devices = new int[count];
            for (int d = 0; d < count; d++) {
                devices[d] = newDevice();
                truth.label(EntityType.DEVICE, Ids.device(devices[d]), ring, pattern, role, t);
            }
            return devices;
        }

        void deviceFarm(String ring) {
            long t0 = ringStart();
            int devices = Math.max(2, shape.size() / 8);
            int[] farmDevices = farmDevices(devices, ring, Pattern.DEVICE_FARM, "EMULATOR", t0);
            int proxyNet = random.nextInt(256);
            int city = random.nextInt(Population.CITIES.length);
            long t = t0;
            int first = -1;
            for (int i = 0; i < shape.size(); i++) {
                t += scaled(minutes(1) + random.nextInt(120_000));
                int dev = farmDevices[i % devices];
                int a = member(t, dev, city, shape.camouflage());
                first = first < 0 ? a : first;
                labelAccount(a, ring, Pattern.DEVICE_FARM, t);
                String proxy = "45.77." + proxyNet + "." + (1 + random.nextInt(254));
                fraud(
                        ring,
                        t,
                        device(a, t, DeviceEventType.REGISTER, Ids.device(dev), proxy, true));
                long applied = t + scaled(minutes(10 + random.nextInt(30)));
                ApplicationEvent app =
                        application(
                                a,
                                applied,
                                ApplicationType.CREDIT_APPLICATION,
                                500_000L * (10 + random.nextInt(10)));
                app.setIp(proxy);
                // The farm recycles a handful of contact phones across its applications.
                app.setContactPhoneHashes(
                        List.of(
                                Ids.phone(30_000_000 + proxyNet * 8 + random.nextInt(5)),
                                Ids.phone(30_000_000 + proxyNet * 8 + random.nextInt(5))));
                fraud(ring, applied, app);
                long drawn = drawLoan(ring, a, applied, 36, 500_000L, 5, 5);
                for (int p = 0; p < 2; p++) {
                    long paid = drawn + minutes(5 + random.nextInt(120));
                    TransactionEvent tx =
                            purchase(
                                    a,
                                    paid,
                                    TransactionType.PAYMENT,
                                    200_000L + random.nextInt(300_000));
                    tx.setIp(proxy);
                    fraud(ring, paid, tx);
                }
            }
            maybeConfirm(first, t);
        }

        /**
         * A slow-burn farm on ordinary phones behind carrier networks: a new account every 12 to 36
         * hours (at pace 1), registered on one of the farm's few phones, worked a few hours later
         * on another of them, applying for credit and drawing it. Nothing about a single account is
         * unusual; only the new accounts gathering on the same phones are.
         */
        void slowFarm(String ring) {
            long t = start + (long) (random.nextDouble() * Duration.ofHours(12).toMillis());
            int phones = Math.max(2, shape.size() / 4);
            int[] farmPhones = farmDevices(phones, ring, Pattern.SLOW_FARM, "PHONE", t);
            int city = random.nextInt(Population.CITIES.length);
            int carriers = Math.max(20, population.total / 5_000);
            int first = -1;
            for (int i = 0; i < shape.size(); i++) {
                if (i > 0) {
                    t += scaled(Duration.ofHours(12).toMillis() + random.nextInt(86_400_000));
                }
                long worked =
                        t + scaled(Duration.ofHours(1).toMillis() + random.nextInt(18_000_000));
                long applied = worked + scaled(minutes(30 + random.nextInt(120)));
                if (applied >= end) {
                    break;
                }
                int phone = farmPhones[i % phones];
                int other = farmPhones[(i + 1 + random.nextInt(phones - 1)) % phones];
                int a = member(t, phone, city, shape.camouflage());
                first = first < 0 ? a : first;
                labelAccount(a, ring, Pattern.SLOW_FARM, t);
                fraud(
                        ring,
                        t,
                        device(
                                a,
                                t,
                                DeviceEventType.REGISTER,
                                Ids.device(phone),
                                population.natIp(random.nextInt(carriers)),
                                false));
                fraud(
                        ring,
                        worked,
                        device(
                                a,
                                worked,
                                DeviceEventType.LOGIN,
                                Ids.device(other),
                                population.natIp(random.nextInt(carriers)),
                                false));
                ApplicationEvent app =
                        application(
                                a,
                                applied,
                                ApplicationType.CREDIT_APPLICATION,
                                100_000L * (20 + random.nextInt(80)));
                app.setIp(population.natIp(random.nextInt(carriers)));
                fraud(ring, applied, app);
                drawLoan(ring, a, applied, 30, 100_000L, 10, 40);
            }
            if (first >= 0) {
                maybeConfirm(first, t);
            }
        }

        /**
         * The member draws the credit 6 hours to {@code 6 + spreadHours} hours (at pace 1) after
         * applying, {@code unit} times {@code base} to {@code base + span - 1}; returns when.
         */
        private long drawLoan(
                String ring, int a, long applied, int spreadHours, long unit, int base, int span) {
            long drawn =
                    applied
                            + scaled(
                                    Duration.ofHours(6).toMillis()
                                            + random.nextInt(spreadHours * 3_600_000));
            fraud(
                    ring,
                    drawn,
                    application(
                            a,
                            drawn,
                            ApplicationType.LOAN_DRAW,
                            unit * (base + random.nextInt(span))));
            return drawn;
        }

        void applicationRing(String ring) {
            long t0 = ringStart();
            int base = 40_000_000 + random.nextInt(1_000_000) * 8;
            int forgedEmployer = employers + 100 + random.nextInt(1_000_000);
            int first = -1;
            int previous = -1;
            for (int i = 0; i < shape.size(); i++) {
                long created =
                        t0 + scaled((long) (random.nextDouble() * Duration.ofDays(3).toMillis()));
                int a =
                        member(
                                created,
                                newDevice(),
                                random.nextInt(Population.CITIES.length),
                                shape.camouflage());
                first = first < 0 ? a : first;
                labelAccount(a, ring, Pattern.APPLICATION_RING, created);
                fraud(
                        ring,
                        created,
                        device(
                                a,
                                created,
                                DeviceEventType.REGISTER,
                                Ids.device(population.device[a]),
                                population.homeIp(a),
                                false));
                long applied = created + scaled(minutes(20 + random.nextInt(200)));
                ApplicationEvent app =
                        application(
                                a,
                                applied,
                                ApplicationType.CREDIT_APPLICATION,
                                500_000L * (10 + random.nextInt(10)));
                app.setContactPhoneHashes(
                        List.of(
                                Ids.phone(base + random.nextInt(3)),
                                Ids.phone(base + 3 + random.nextInt(2))));
                app.setAddressHash(Ids.address(base + random.nextInt(2)));
                app.setEmployerHash(Ids.employer(forgedEmployer));
                if (previous >= 0 && i % 4 == 3) {
                    app.setPhoneHash(Ids.phone(previous));
                }
                fraud(ring, applied, app);
                long raised =
                        applied
                                + scaled(
                                        Duration.ofDays(1).toMillis()
                                                + random.nextInt(24 * 3_600_000));
                fraud(
                        ring,
                        raised,
                        application(
                                a,
                                raised,
                                ApplicationType.LIMIT_RAISE,
                                1_000_000L * (3 + random.nextInt(5))));
                long drawn = raised + scaled(minutes(30 + random.nextInt(600)));
                fraud(
                        ring,
                        drawn,
                        application(
                                a,
                                drawn,
                                ApplicationType.LOAN_DRAW,
                                1_000_000L * (2 + random.nextInt(3))));
                previous = a;
            }
            for (int c = 0; c < 5; c++) {
                truth.label(
                        EntityType.PHONE,
                        Ids.phone(base + c),
                        ring,
                        Pattern.APPLICATION_RING,
                        "SHARED_CONTACT",
                        t0);
            }
            maybeConfirm(first, t0);
        }

        void cashOut(String ring) {
            long t0 = ringStart();
            int[] colluders = {
                merchants + 1 + random.nextInt(1_000_000),
                merchants + 1_000_002 + random.nextInt(1_000_000)
            };
            for (int m : colluders) {
                truth.label(
                        EntityType.MERCHANT,
                        Ids.merchant(m),
                        ring,
                        Pattern.CASH_OUT,
                        "COLLUDING_MERCHANT",
                        t0);
            }
            int[] members = new int[shape.size()];
            long aged = start - Duration.ofDays(90 + random.nextInt(600)).toMillis();
            for (int i = 0; i < members.length; i++) {
                members[i] =
                        member(
                                aged + minutes(random.nextInt(100_000)),
                                newDevice(),
                                random.nextInt(Population.CITIES.length),
                                shape.camouflage());
                labelAccount(members[i], ring, Pattern.CASH_OUT, t0);
            }
            long[] rounds = {200_000, 500_000, 1_000_000, 2_000_000, 4_990_000, 4_999_900};
            int cycles = 2 + random.nextInt(3);
            for (int c = 0; c < cycles; c++) {
                long cycleStart = t0 + scaled(Duration.ofHours(20).toMillis() * c);
                for (int i = 0; i < members.length; i++) {
                    int a = members[i];
                    long paid = cycleStart + scaled(minutes(random.nextInt(240)));
                    String merchant = Ids.merchant(colluders[random.nextInt(2)]);
                    TransactionType type =
                            random.nextBoolean()
                                    ? TransactionType.PAYMENT
                                    : TransactionType.INSTALMENT_PURCHASE;
                    fraud(
                            ring,
                            paid,
                            transaction(
                                    a,
                                    paid,
                                    type,
                                    merchant,
                                    null,
                                    rounds[random.nextInt(rounds.length)],
                                    type == TransactionType.INSTALMENT_PURCHASE ? 12 : 1,
                                    Ids.card(a)));
                    long repaid =
                            paid
                                    + scaled(
                                            Duration.ofHours(2).toMillis()
                                                    + random.nextInt(10 * 3_600_000));
                    // Repaid with another member's card: the money goes round the ring.
                    int payer = members[(i + 1) % members.length];
                    fraud(
                            ring,
                            repaid,
                            transaction(
                                    a,
                                    repaid,
                                    TransactionType.REPAYMENT,
                                    null,
                                    null,
                                    rounds[random.nextInt(3)],
                                    1,
                                    Ids.card(payer)));
                }
            }
            maybeConfirm(members[0], t0);
        }

        void muleChain(String ring) {
            long t0 = ringStart();
            int[] chain = new int[shape.size()];
            long aged = start - Duration.ofDays(60 + random.nextInt(300)).toMillis();
            for (int i = 0; i < chain.length; i++) {
                chain[i] =
                        member(
                                aged + minutes(random.nextInt(200_000)),
                                newDevice(),
                                random.nextInt(Population.CITIES.length),
                                shape.camouflage() * 0.5);
                labelAccount(chain[i], ring, Pattern.MULE_CHAIN, t0);
            }
            boolean cycle = random.nextInt(10) < 3;
            int runs = 3 + random.nextInt(4);
            for (int r = 0; r < runs; r++) {
                long t =
                        t0
                                + scaled(
                                        Duration.ofHours(10).toMillis() * r
                                                + random.nextInt(3_600_000));
                long amount = 1_000_000L * (1 + random.nextInt(5)) + random.nextInt(100) * 100L;
                int hops = cycle ? chain.length : chain.length - 1;
                for (int h = 0; h < hops; h++) {
                    send(ring, chain[h], chain[(h + 1) % chain.length], t, amount);
                    t += scaled(minutes(2) + random.nextInt(13 * 60_000));
                    amount = amount * (97 + random.nextInt(3)) / 100;
                }
            }
            maybeConfirm(chain[0], t0);
        }

        void takeover(String ring) {
            long t0 = ringStart();
            int victim;
            do {
                victim = random.nextInt(config.accounts());
            } while (population.createdMillis[victim] > start - Duration.ofDays(60).toMillis());
            Session s = hijack(ring, victim, t0);
            long t = s.at;
            int purchases = 1 + random.nextInt(3);
            for (int p = 0; p < purchases; p++) {
                t += scaled(minutes(3 + random.nextInt(20)));
                TransactionEvent tx =
                        purchase(
                                victim,
                                t,
                                TransactionType.PAYMENT,
                                800_000L + random.nextInt(2_200_000));
                s.use(tx);
                fraud(ring, t, tx);
            }
            chargeback(victim, t);
        }

        /** An aged honest account (60 days or more) in no ring and no look-alike. */
        private int victim() {
            int a;
            do {
                a = random.nextInt(config.accounts());
            } while (population.createdMillis[a] > start - Duration.ofDays(60).toMillis()
                    || truth.taken(population.accountId(a)));
            return a;
        }

        /** An attacker's session in a victim's account: their device, network and city. */
        private final class Session {
            final String device;
            final String ip;
            final String city;
            long at;

            Session(String device, String ip, String city, long at) {
                this.device = device;
                this.ip = ip;
                this.city = city;
                this.at = at;
            }

            /** The event was made in this session. */
            void use(TransactionEvent tx) {
                tx.setDeviceId(device);
                tx.setIp(ip);
                tx.setCity(city);
            }
        }

        /**
         * Takes over {@code victim}'s account at {@code t0}: a login from a new device on a foreign
         * network in another city, a password reset and a new phone number, a few minutes apart.
         * Labels the victim and the device as ring {@code ring}'s.
         */
        private Session hijack(String ring, int victim, long t0) {
            truth.label(
                    EntityType.ACCOUNT,
                    population.accountId(victim),
                    ring,
                    Pattern.ACCOUNT_TAKEOVER,
                    "VICTIM",
                    t0);
            String newDevice = Ids.device(newDevice());
            truth.label(
                    EntityType.DEVICE,
                    newDevice,
                    ring,
                    Pattern.ACCOUNT_TAKEOVER,
                    "ATTACKER_DEVICE",
                    t0);
            String foreignIp = "185.220." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            String otherCity = otherCity(victim);
            long t = t0;
            DeviceEvent login =
                    device(victim, t, DeviceEventType.LOGIN, newDevice, foreignIp, false);
            login.setCity(otherCity);
            fraud(ring, t, login);
            for (DeviceEventType step :
                    new DeviceEventType[] {
                        DeviceEventType.RESET_PASSWORD, DeviceEventType.CHANGE_PHONE
                    }) {
                t += scaled(minutes(2 + random.nextInt(6)));
                DeviceEvent e = device(victim, t, step, newDevice, foreignIp, false);
                e.setCity(otherCity);
                if (step == DeviceEventType.CHANGE_PHONE) {
                    e.setPhoneHash(Ids.phone(50_000_000 + random.nextInt(1_000_000)));
                }
                fraud(ring, t, e);
            }
            return new Session(newDevice, foreignIp, otherCity, t);
        }

        /** The victim's bank reports a chargeback three to ten days after {@code t}. */
        private void chargeback(int victim, long t) {
            long chargeback = t + Duration.ofDays(3 + random.nextInt(7)).toMillis();
            if (chargeback < end) {
                schedule(
                        chargeback,
                        feedback(
                                chargeback,
                                EntityType.ACCOUNT,
                                population.accountId(victim),
                                Verdict.CHARGEBACK,
                                "CHARGEBACK_SYSTEM"));
            }
        }
    }

    // ---------------------------------------------------------------- time

    private static long minutes(long m) {
        return Duration.ofMinutes(m).toMillis();
    }

    /** Hour of the day on the platform's clock (China, UTC+8). */
    private static int localHour(long millis) {
        return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofHours(8)).getHour();
    }

    private static double weekday(long millis) {
        int day =
                Instant.ofEpochMilli(millis)
                        .atOffset(ZoneOffset.ofHours(8))
                        .getDayOfWeek()
                        .getValue();
        return day >= 6 ? 1.15 : 0.94;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
