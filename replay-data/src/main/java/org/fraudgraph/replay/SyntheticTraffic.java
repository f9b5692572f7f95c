package org.fraudgraph.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;

/**
 * A seeded, deterministic stream of platform events for the demo and tests: ordinary accounts that
 * pay, repay and log in now and then, each on its own phone, in households of three that share an
 * address and name each other as emergency contacts (an honest look-alike that must not become a
 * case), and one device farm: a few accounts (one in a hundred, at least six, at most sixty) that
 * all run on one rooted emulator, give each other as emergency contacts and act about ten times as
 * often. Every event says when the platform opened its account: an honest account between 30 days
 * and about five years before its first event here, a farm account at its first event (the crew
 * opens them as it starts). Same seed, same events.
 *
 * <p>Personal identifiers are random hex strings standing in for keyed hashes. The labelled
 * black-market patterns of the replay data set are a separate generator; this one only needs to
 * look like traffic.
 *
 * <pre>{@code
 * SyntheticTraffic traffic = new SyntheticTraffic(42, 2_000);
 * SpecificRecord event = traffic.next(Instant.now());
 * }</pre>
 */
public final class SyntheticTraffic {
    private static final String[] CITIES = {
        "Hangzhou", "Shanghai", "Beijing", "Shenzhen", "Chengdu", "Wuhan"
    };
    private static final String[] MODELS = {
        "Xiaomi 14", "Huawei P60", "iPhone 15", "OPPO Reno11", "vivo X100"
    };

    /**
     * One crew's rack of phones; a larger population gets more honest accounts, not a bigger farm.
     */
    private static final int MAX_FARM = 60;

    private final Random random;
    private final int accounts;
    private final int farmAccounts;
    private final java.util.BitSet applied = new java.util.BitSet();
    private final long seed;
    private final java.util.Map<Integer, Instant> opened = new java.util.HashMap<>();
    private long sequence;

    /**
     * @param seed same seed, same stream
     * @param accounts number of accounts; one in a hundred (at least six, at most sixty) is in the
     *     farm
     */
    public SyntheticTraffic(long seed, int accounts) {
        if (accounts < 1) {
            throw new IllegalArgumentException("need at least one account, got " + accounts);
        }
        this.random = new Random(seed);
        this.seed = seed;
        this.accounts = accounts;
        this.farmAccounts = Math.min(accounts, Math.max(6, Math.min(MAX_FARM, accounts / 100)));
    }

    /** The account ids of the device farm, which should stand out in scores and a ring case. */
    public List<String> farmAccountIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < farmAccounts; i++) {
            ids.add(accountId(i));
        }
        return ids;
    }

    /** The next event, happening at {@code time}. */
    public SpecificRecord next(Instant time) {
        int account = pickAccount();
        int kind = random.nextInt(100);
        String eventId =
                "ev-" + Long.toString(sequence++, 36) + "-" + Integer.toHexString(random.nextInt());
        if (kind < 70) {
            return transaction(eventId, time, account);
        }
        if (kind < 92) {
            return device(eventId, time, account);
        }
        // A person applies for credit now and then, not every few minutes as a dense demo stream
        // would make every account do: an honest account files one application, then pays.
        if (!inFarm(account) && applied.get(account)) {
            return transaction(eventId, time, account);
        }
        applied.set(account);
        return application(eventId, time, account);
    }

    private int pickAccount() {
        // The farm's accounts (the first ones) act about ten times as often as a person.
        double farmShare = Math.min(0.5, 10.0 * farmAccounts / accounts);
        if (random.nextDouble() < farmShare || accounts == farmAccounts) {
            return random.nextInt(farmAccounts);
        }
        return farmAccounts + random.nextInt(accounts - farmAccounts);
    }

    private boolean inFarm(int account) {
        return account < farmAccounts;
    }

    /**
     * When the platform opened the account, fixed at its first event: a farm account then, an
     * honest one 30 to 1,800 days before (drawn from the seed and the account, not from the event
     * stream's generator, so the events stay the same whatever the order of accounts).
     */
    private Instant openedAt(int account, Instant time) {
        return opened.computeIfAbsent(
                account,
                a ->
                        inFarm(a)
                                ? time
                                : time.minus(
                                        java.time.Duration.ofDays(
                                                30
                                                        + new Random(seed * 1_000_003L + a)
                                                                .nextInt(1_771))));
    }

    private TransactionEvent transaction(String eventId, Instant time, int account) {
        TransactionType type = pick(TransactionType.values(), 60, 15, 5, 15, 5);
        // Log-normal with a median of about 430.00: most purchases are small, a few are large.
        long amount =
                Math.max(100, Math.round(Math.exp(Math.log(43_000) + random.nextGaussian() * 1.1)));
        return TransactionEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(time)
                .setAccountCreatedTime(openedAt(account, time))
                .setType(type)
                .setAccountId(accountId(account))
                .setMerchantId(type == TransactionType.TRANSFER ? null : "m-" + random.nextInt(500))
                .setCounterpartyAccountId(
                        type == TransactionType.TRANSFER
                                ? accountId(random.nextInt(accounts))
                                : null)
                .setAmountMinor(amount)
                .setInstalments(
                        type == TransactionType.INSTALMENT_PURCHASE
                                ? 3 * (1 + random.nextInt(4))
                                : 1)
                .setChannel(random.nextInt(4) == 0 ? "QR" : "APP")
                .setDeviceId(deviceOf(account))
                .setIp(ipOf(account))
                .setCity(CITIES[account % CITIES.length])
                .build();
    }

    private DeviceEvent device(String eventId, Instant time, int account) {
        DeviceEventType type = pick(DeviceEventType.values(), 3, 85, 4, 3, 5);
        return DeviceEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(time)
                .setAccountCreatedTime(openedAt(account, time))
                .setType(type)
                .setAccountId(accountId(account))
                .setDeviceId(deviceOf(account))
                .setFingerprint(
                        DeviceFingerprint.newBuilder()
                                .setModel(MODELS[account % MODELS.length])
                                .setOs(account % 3 == 0 ? "iOS" : "Android")
                                .setOsVersion(account % 3 == 0 ? "17.4" : "14")
                                .setEmulator(inFarm(account))
                                .setRooted(inFarm(account))
                                .build())
                .setIp(ipOf(account))
                .setCity(CITIES[account % CITIES.length])
                .setBankCardHash(type == DeviceEventType.BIND_CARD ? hash("card", account) : null)
                .setPhoneHash(
                        type == DeviceEventType.CHANGE_PHONE
                                ? hash("phone", random.nextInt())
                                : null)
                .build();
    }

    private ApplicationEvent application(String eventId, Instant time, int account) {
        ApplicationType type = pick(ApplicationType.values(), 40, 30, 30);
        return ApplicationEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(time)
                .setAccountCreatedTime(openedAt(account, time))
                .setType(type)
                .setAccountId(accountId(account))
                .setPhoneHash(hash("phone", account))
                .setIdNumberHash(hash("id", account))
                .setBankCardHash(hash("card", account))
                .setAddressHash(
                        inFarm(account)
                                ? hash("address", account / 3)
                                : hash("household", household(account)))
                .setEmployerHash(hash("employer", account % 200))
                .setContactPhoneHashes(
                        inFarm(account)
                                ? List.of(hash("farm-contact", 0), hash("farm-contact", 1))
                                : householdContacts(account))
                .setDeviceId(deviceOf(account))
                .setIp(ipOf(account))
                .setRequestedAmountMinor(100_00L * (10 + random.nextInt(490)))
                .build();
    }

    /** Honest accounts live in households of three (an address) and name each other as contacts. */
    private int household(int account) {
        return (account - farmAccounts) / 3;
    }

    private List<String> householdContacts(int account) {
        List<String> contacts = new ArrayList<>(2);
        int first = farmAccounts + 3 * household(account);
        for (int member = first; member < first + 3; member++) {
            // The last household may be short: a parent outside the platform stands in.
            contacts.add(
                    member == account
                            ? null
                            : member < accounts
                                    ? hash("phone", member)
                                    : hash("outside-phone", member));
        }
        contacts.removeIf(java.util.Objects::isNull);
        return contacts;
    }

    @SafeVarargs
    private <E> E pick(E[] values, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    public static String accountId(int account) {
        return String.format("acc-%06d", account);
    }

    private String deviceOf(int account) {
        return inFarm(account) ? hash("farm-device", 0) : hash("device", account);
    }

    private static String ipOf(int account) {
        return "10."
                + (account / 65_536 % 256)
                + "."
                + (account / 256 % 256)
                + "."
                + (account % 256);
    }

    static String hash(String kind, int value) {
        return Ids.hash(kind, value);
    }
}
