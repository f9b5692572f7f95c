package org.fraudgraph.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficGeneratorTest {
    private static final GeneratorConfig CONFIG =
            new GeneratorConfig(
                    5_000,
                    4,
                    99,
                    GeneratorConfig.DEFAULT_START,
                    2.0,
                    2,
                    20,
                    3,
                    9,
                    2,
                    6,
                    2,
                    4,
                    7,
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

    @TempDir static Path dir;
    private static TrafficGenerator.Summary summary;
    private static List<SpecificRecordBase> events;
    private static GroundTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        summary = new TrafficGenerator(CONFIG).generate(dir.resolve("a"), p -> {});
        events = new ArrayList<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(dir.resolve("a"))) {
            merged.forEachRemaining(events::add);
        }
        truth = GroundTruth.read(dir.resolve("a"));
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        new TrafficGenerator(CONFIG).generate(dir.resolve("b"), p -> {});
        for (String file :
                List.of(
                        EventFiles.TRANSACTIONS,
                        EventFiles.DEVICES,
                        EventFiles.APPLICATIONS,
                        EventFiles.FEEDBACK,
                        GroundTruth.LABELS,
                        GroundTruth.RINGS,
                        GroundTruth.FRAUD_EVENTS,
                        Manifest.FILE)) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
    }

    @Test
    void everyPatternAppearsAsOftenAndAsBigAsAsked() {
        Map<String, List<GroundTruth.Ring>> rings =
                truth.rings().stream().collect(Collectors.groupingBy(GroundTruth.Ring::pattern));
        assertThat(rings.get(Pattern.DEVICE_FARM.name()))
                .hasSize(2)
                .allMatch(r -> r.accounts() == 20);
        assertThat(rings.get(Pattern.APPLICATION_RING.name()))
                .hasSize(3)
                .allMatch(r -> r.accounts() == 9);
        assertThat(rings.get(Pattern.CASH_OUT.name())).hasSize(2).allMatch(r -> r.accounts() == 6);
        assertThat(rings.get(Pattern.MULE_CHAIN.name()))
                .hasSize(2)
                .allMatch(r -> r.accounts() == 4);
        assertThat(rings.get(Pattern.ACCOUNT_TAKEOVER.name()))
                .hasSize(7)
                .allMatch(r -> r.accounts() == 1);
        assertThat(summary.rings()).isEqualTo(16);
        assertThat(truth.labels())
                .anyMatch(
                        l ->
                                l.type() == EntityType.MERCHANT
                                        && l.pattern().equals(Pattern.CASH_OUT.name()));
        assertThat(truth.labels())
                .anyMatch(
                        l ->
                                l.type() == EntityType.DEVICE
                                        && l.pattern().equals(Pattern.DEVICE_FARM.name()));
    }

    @Test
    void everyFraudEventIsInTheFilesAndMadeByALabelledAccountOfItsRing() {
        Map<String, SpecificRecordBase> byId = new HashMap<>();
        events.forEach(e -> byId.put(EventFiles.eventId(e), e));
        assertThat(byId).hasSize(events.size());
        Map<String, Set<String>> accountsOfRing = new HashMap<>();
        Map<String, Long> from = new HashMap<>();
        for (GroundTruth.Label l : truth.labels()) {
            if (l.type() == EntityType.ACCOUNT) {
                accountsOfRing.computeIfAbsent(l.ringId(), r -> new HashSet<>()).add(l.id());
                from.put(l.id(), l.fromMillis());
            }
        }
        assertThat(truth.fraudEvents()).isNotEmpty();
        for (GroundTruth.FraudEvent f : truth.fraudEvents()) {
            SpecificRecordBase event = byId.get(f.eventId());
            assertThat(event).as(f.eventId()).isNotNull();
            String account = (String) event.get("accountId");
            assertThat(accountsOfRing.get(f.ringId())).as(f.ringId()).contains(account);
            assertThat(EventFiles.eventMillis(event))
                    .isEqualTo(f.eventMillis())
                    .isGreaterThanOrEqualTo(from.get(account));
        }
    }

    @Test
    void eventsComeInTimeOrderWithinThePeriod() {
        long start = CONFIG.start().toEpochMilli();
        long end = CONFIG.end().toEpochMilli();
        long previous = Long.MIN_VALUE;
        for (SpecificRecordBase e : events) {
            long t = EventFiles.eventMillis(e);
            assertThat(t).isGreaterThanOrEqualTo(previous).isBetween(start, end - 1);
            previous = t;
        }
        assertThat(summary.events()).isEqualTo(events.size());
    }

    @Test
    void backgroundLooksLikeEverydaySpendingWithADailyCycle() {
        List<Long> payments = new ArrayList<>();
        int[] byHour = new int[24];
        for (SpecificRecordBase e : events) {
            if (e instanceof TransactionEvent tx && tx.getType() == TransactionType.PAYMENT) {
                payments.add(tx.getAmountMinor());
            }
            byHour[
                    Instant.ofEpochMilli(EventFiles.eventMillis(e))
                            .atOffset(ZoneOffset.ofHours(8))
                            .getHour()]++;
        }
        payments.sort(Long::compare);
        long median = payments.get(payments.size() / 2);
        assertThat(median).isBetween(38_000L, 48_000L);
        assertThat(payments.get(payments.size() * 99 / 100)).isGreaterThan(median * 5);
        assertThat(byHour[20]).isGreaterThan(byHour[3] * 8);
    }

    @Test
    void aCorruptFileIsNamed() throws IOException {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        for (String file : EventFiles.fileNames()) {
            Files.copy(dir.resolve("a").resolve(file), broken.resolve(file));
        }
        Files.writeString(broken.resolve(EventFiles.DEVICES), "not avro");
        assertThatThrownBy(() -> EventFiles.readMerged(broken))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("devices.avro is not an Avro container file");
        Files.copy(
                dir.resolve("a").resolve(EventFiles.DEVICES),
                broken.resolve(EventFiles.DEVICES),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(broken.resolve(EventFiles.FEEDBACK));
        assertThatThrownBy(() -> EventFiles.readMerged(broken)).hasMessageContaining("missing");
    }

    @Test
    void largeHonestFamiliesShareOneDeviceAreListedAsLookalikesAndChangeNothingElse()
            throws IOException {
        assertThat(truth.honestLookalikes()).isEmpty();
        assertThat(dir.resolve("a").resolve(GroundTruth.HONEST)).doesNotExist();

        Path withFamilies = dir.resolve("families");
        TrafficGenerator.Summary s =
                new TrafficGenerator(CONFIG.withLargeFamilies(3)).generate(withFamilies, p -> {});
        GroundTruth families = GroundTruth.read(withFamilies);
        assertThat(families.honestLookalikes())
                .hasSizeBetween(18, 36)
                .containsValue("LARGE_FAMILY");
        assertThat(families.honestLookalikes().keySet())
                .doesNotContainAnyElementsOf(
                        families.labels().stream().map(GroundTruth.Label::id).toList());
        // Each family's accounts log in on few devices: the look-alikes share theirs.
        Map<String, java.util.Set<String>> accountsPerDevice = new java.util.HashMap<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(withFamilies)) {
            merged.forEachRemaining(
                    e -> {
                        if (e instanceof org.fraudgraph.schema.DeviceEvent d
                                && families.honestLookalikes().containsKey(d.getAccountId())) {
                            accountsPerDevice
                                    .computeIfAbsent(
                                            d.getDeviceId(), k -> new java.util.HashSet<>())
                                    .add(d.getAccountId());
                        }
                    });
        }
        assertThat(
                        accountsPerDevice.values().stream()
                                .mapToInt(java.util.Set::size)
                                .max()
                                .orElse(0))
                .isGreaterThanOrEqualTo(6);
        // The rings are the same as without the families.
        assertThat(s.rings()).isEqualTo(summary.rings());
    }

    /**
     * Generates {@code config} into {@code folder}: its honest look-alikes, some of {@code kind},
     * none of them a ring's, and the rings the data set has without them.
     */
    private static Map<String, String> lookalikes(GeneratorConfig config, Path folder, String kind)
            throws IOException {
        TrafficGenerator.Summary s = new TrafficGenerator(config).generate(folder, p -> {});
        assertThat(s.rings()).isEqualTo(summary.rings());
        GroundTruth t = GroundTruth.read(folder);
        assertThat(t.honestLookalikes()).containsValue(kind);
        assertThat(t.honestLookalikes().keySet())
                .doesNotContainAnyElementsOf(
                        t.labels().stream().map(GroundTruth.Label::id).toList());
        return t.honestLookalikes();
    }

    @Test
    void travellersUseANewPhoneInAnotherCityAndAreListedAsHonest() throws IOException {
        Path travelling = dir.resolve("travellers");
        Map<String, String> travellers =
                lookalikes(CONFIG.withTravellers(30), travelling, "TRAVELLER");
        assertThat(travellers).hasSize(30);
        Map<String, java.util.Set<String>> devices = new java.util.HashMap<>();
        Map<String, java.util.Set<String>> cities = new java.util.HashMap<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(travelling)) {
            merged.forEachRemaining(
                    e -> {
                        if (e instanceof TransactionEvent tx
                                && travellers.containsKey(tx.getAccountId())) {
                            devices.computeIfAbsent(
                                            tx.getAccountId(), k -> new java.util.HashSet<>())
                                    .add(tx.getDeviceId());
                            cities.computeIfAbsent(
                                            tx.getAccountId(), k -> new java.util.HashSet<>())
                                    .add(tx.getCity());
                        } else if (e instanceof org.fraudgraph.schema.DeviceEvent d
                                && travellers.containsKey(d.getAccountId())) {
                            devices.computeIfAbsent(
                                            d.getAccountId(), k -> new java.util.HashSet<>())
                                    .add(d.getDeviceId());
                        }
                    });
        }
        // Everyone buys on the trip; most also at home (the quietest customers do not), and most
        // on a second phone.
        assertThat(cities).hasSize(30);
        assertThat(cities.values().stream().filter(c -> c.size() >= 2).count()).isGreaterThan(20);
        assertThat(devices.values().stream().filter(d -> d.size() >= 2).count())
                .isBetween(12L, 30L);
    }

    @Test
    void householdsLogInOnEachOthersPhonesSomeJoinedTogetherAndAreListedAsHonest()
            throws IOException {
        Path households = dir.resolve("shared-phones");
        Map<String, String> members =
                lookalikes(CONFIG.withSharedPhones(30), households, "SHARED_PHONES");
        assertThat(members).hasSizeBetween(60, 120);
        // Each member's own phone is the one it registered on or uses most; the others' logins on
        // it make it shared.
        Map<String, Map<String, Integer>> uses = new java.util.HashMap<>();
        Map<String, java.time.Instant> created = new java.util.HashMap<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(households)) {
            merged.forEachRemaining(
                    e -> {
                        if (e instanceof org.fraudgraph.schema.DeviceEvent d
                                && members.containsKey(d.getAccountId())) {
                            uses.computeIfAbsent(d.getAccountId(), k -> new java.util.HashMap<>())
                                    .merge(d.getDeviceId(), 1, Integer::sum);
                            created.put(d.getAccountId(), d.getAccountCreatedTime());
                        } else if (e instanceof TransactionEvent tx
                                && members.containsKey(tx.getAccountId())) {
                            uses.computeIfAbsent(tx.getAccountId(), k -> new java.util.HashMap<>())
                                    .merge(tx.getDeviceId(), 1, Integer::sum);
                        }
                    });
        }
        Map<String, java.util.Set<String>> accountsOfDevice = new java.util.HashMap<>();
        uses.forEach(
                (account, devices) ->
                        devices.keySet()
                                .forEach(
                                        d ->
                                                accountsOfDevice
                                                        .computeIfAbsent(
                                                                d, k -> new java.util.HashSet<>())
                                                        .add(account)));
        long onAnothersPhone =
                uses.entrySet().stream()
                        .filter(
                                u ->
                                        u.getValue().keySet().stream()
                                                .anyMatch(d -> accountsOfDevice.get(d).size() >= 2))
                        .count();
        // Every member logs in on another's phone at least once (a member who never acts in the
        // period still has the logins written for it).
        assertThat(onAnothersPhone).isEqualTo(members.size());
        // Their own phone and one other member's: most use both in the period.
        assertThat(uses.values()).allMatch(d -> d.size() <= 2);
        assertThat(uses.values().stream().filter(d -> d.size() == 2).count())
                .isGreaterThan(members.size() / 2);
        // Some households joined together in the period.
        long newcomers =
                created.values().stream()
                        .filter(c -> c != null && !c.isBefore(GeneratorConfig.DEFAULT_START))
                        .count();
        assertThat(newcomers).isBetween(10L, members.size() - 10L);
    }

    @Test
    void aFlashSaleSellsAtRoundPricesToManyCustomersSomeNewAtOneMerchantWithinHours()
            throws IOException {
        Path sale = dir.resolve("flash-sale");
        Map<String, String> buyers = lookalikes(CONFIG.withFlashSales(1), sale, "FLASH_SALE");
        assertThat(buyers).hasSizeBetween(40, 150);
        // Each buyer's sale purchase: at the merchant most of them paid at, at one of its prices.
        Map<String, Integer> merchants = new java.util.HashMap<>();
        List<TransactionEvent> purchases = new ArrayList<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(sale)) {
            merged.forEachRemaining(
                    e -> {
                        if (e instanceof TransactionEvent tx
                                && buyers.containsKey(tx.getAccountId())
                                && tx.getMerchantId() != null) {
                            purchases.add(tx);
                            merchants.merge(tx.getMerchantId(), 1, Integer::sum);
                        }
                    });
        }
        String merchant =
                merchants.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey();
        List<TransactionEvent> atSale =
                purchases.stream()
                        .filter(tx -> tx.getMerchantId().equals(merchant))
                        // 9.90, or 99.00, 199.00 ... 1,999.00: sale prices.
                        .filter(
                                tx ->
                                        tx.getAmountMinor() == 990
                                                || (tx.getAmountMinor() + 100) % 10_000 == 0)
                        .toList();
        assertThat(atSale.stream().map(TransactionEvent::getAmountMinor).distinct().count())
                .isBetween(1L, 3L);
        assertThat(atSale.stream().map(TransactionEvent::getAccountId).distinct().count())
                .isEqualTo(buyers.size());
        java.time.Instant first =
                atSale.stream()
                        .map(TransactionEvent::getEventTime)
                        .min(Comparator.naturalOrder())
                        .orElseThrow();
        java.time.Instant last =
                atSale.stream()
                        .map(TransactionEvent::getEventTime)
                        .max(Comparator.naturalOrder())
                        .orElseThrow();
        assertThat(java.time.Duration.between(first, last))
                .isLessThanOrEqualTo(java.time.Duration.ofHours(8));
        long opened3DaysBefore =
                atSale.stream()
                        .filter(
                                tx ->
                                        tx.getAccountCreatedTime()
                                                .isAfter(first.minus(java.time.Duration.ofDays(3))))
                        .map(TransactionEvent::getAccountId)
                        .distinct()
                        .count();
        assertThat(opened3DaysBefore).isGreaterThanOrEqualTo(buyers.size() / 6);
    }

    @Test
    void aHistoryIsOrdinaryTrafficBeforeThePeriodWhereTheRingsAct() throws IOException {
        Path withHistory = dir.resolve("history");
        GeneratorConfig config = CONFIG.withHistoryDays(2);
        new TrafficGenerator(config).generate(withHistory, p -> {});
        long historyStart = config.historyStart().toEpochMilli();
        long start = config.start().toEpochMilli();
        assertThat(start - historyStart).isEqualTo(2 * 86_400_000L);
        List<SpecificRecordBase> all = new ArrayList<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(withHistory)) {
            merged.forEachRemaining(all::add);
        }
        GroundTruth labelled = GroundTruth.read(withHistory);
        // Every ring acts in the period; the history is ordinary traffic.
        assertThat(labelled.fraudEvents()).isNotEmpty();
        assertThat(labelled.fraudEvents())
                .allMatch(
                        f ->
                                f.eventMillis() >= start
                                        && f.eventMillis() < config.end().toEpochMilli());
        assertThat(labelled.labels()).allMatch(l -> l.fromMillis() >= start);
        Set<String> accountsBefore = new HashSet<>();
        long before = 0;
        long registeredBefore = 0;
        long registeredAfter = 0;
        long previous = Long.MIN_VALUE;
        for (SpecificRecordBase e : all) {
            long t = EventFiles.eventMillis(e);
            assertThat(t).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(historyStart);
            previous = t;
            boolean register =
                    e instanceof org.fraudgraph.schema.DeviceEvent d
                            && d.getType() == org.fraudgraph.schema.DeviceEventType.REGISTER;
            if (t < start) {
                before++;
                accountsBefore.add(String.valueOf(e.get("accountId")));
                registeredBefore += register ? 1 : 0;
            } else {
                registeredAfter += register ? 1 : 0;
            }
        }
        // Two days of the same everyday traffic as the four of the period (give or take the
        // weekly and daily cycle), and newcomers join at about the same daily rate.
        assertThat((double) before / (all.size() - before)).isBetween(0.3, 0.7);
        assertThat(registeredBefore / 2.0)
                .isBetween(registeredAfter / 4.0 * 0.5, registeredAfter / 4.0 * 1.5);
        // Newcomers joined in the week before the history too: their events say when, and they
        // never register in the data.
        Set<String> joinedBefore = new HashSet<>();
        Set<String> registered = new HashSet<>();
        for (SpecificRecordBase e : all) {
            if (e instanceof org.fraudgraph.schema.DeviceEvent d) {
                long created = d.getAccountCreatedTime().toEpochMilli();
                if (created >= historyStart - 7 * 86_400_000L && created < historyStart) {
                    joinedBefore.add(d.getAccountId());
                }
                if (d.getType() == org.fraudgraph.schema.DeviceEventType.REGISTER) {
                    registered.add(d.getAccountId());
                }
            }
        }
        assertThat(joinedBefore).isNotEmpty().doesNotContainAnyElementsOf(registered);
        // The job meets most takeover victims before their takeover.
        List<String> victims =
                labelled.labels().stream()
                        .filter(
                                l ->
                                        l.type() == EntityType.ACCOUNT
                                                && l.pattern()
                                                        .equals(Pattern.ACCOUNT_TAKEOVER.name()))
                        .map(GroundTruth.Label::id)
                        .toList();
        assertThat(victims).hasSize(7);
        assertThat(victims.stream().filter(accountsBefore::contains).count())
                .isGreaterThanOrEqualTo(4);
        // A replay knows where the period starts; a data set without history has none.
        assertThat(Manifest.periodStart(withHistory)).isEqualTo(config.start());
        assertThat(Manifest.periodStart(dir.resolve("a"))).isNull();
    }

    @Test
    void duplicatesRepeatSomeEventsInPlaceAndChangeNothingElse() throws IOException {
        Path repeated = dir.resolve("repeated");
        TrafficGenerator.Summary s =
                new TrafficGenerator(CONFIG.withDuplicates(0.02)).generate(repeated, p -> {});
        List<SpecificRecordBase> withRepeats = new ArrayList<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(repeated)) {
            merged.forEachRemaining(withRepeats::add);
        }
        List<SpecificRecordBase> once = new ArrayList<>();
        long repeats = 0;
        for (SpecificRecordBase e : withRepeats) {
            if (!once.isEmpty() && once.get(once.size() - 1).equals(e)) {
                repeats++;
            } else {
                once.add(e);
            }
        }
        assertThat(once).isEqualTo(events);
        assertThat(repeats).isEqualTo(s.events() - summary.events());
        assertThat((double) repeats / events.size()).isBetween(0.015, 0.025);
    }

    @Test
    void anotherCurrencyScaleMultipliesEveryAmountAndChangesNothingElse() throws IOException {
        Path other = dir.resolve("currency");
        new TrafficGenerator(CONFIG.withAmountScale(100)).generate(other, p -> {});
        List<SpecificRecordBase> scaled = new ArrayList<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(other)) {
            merged.forEachRemaining(scaled::add);
        }
        assertThat(scaled).hasSameSizeAs(events);
        long amounts = 0;
        for (int i = 0; i < events.size(); i++) {
            SpecificRecordBase e = events.get(i);
            SpecificRecordBase s = scaled.get(i);
            if (e instanceof TransactionEvent t) {
                TransactionEvent u = (TransactionEvent) s;
                assertThat(u.getAmountMinor()).isEqualTo(t.getAmountMinor() * 100);
                u.setAmountMinor(t.getAmountMinor());
                amounts++;
            } else if (e instanceof ApplicationEvent a) {
                ApplicationEvent u = (ApplicationEvent) s;
                assertThat(u.getRequestedAmountMinor())
                        .isEqualTo(a.getRequestedAmountMinor() * 100);
                u.setRequestedAmountMinor(a.getRequestedAmountMinor());
                amounts++;
            }
            assertThat(s).isEqualTo(e);
        }
        assertThat(amounts).isGreaterThan(events.size() / 2);
        assertThat(Files.readString(other.resolve(GroundTruth.LABELS)))
                .isEqualTo(Files.readString(dir.resolve("a").resolve(GroundTruth.LABELS)));
        assertThat(Files.readString(other.resolve(Manifest.FILE)))
                .contains("\"amountScale\" : 100.0");
    }

    @Test
    void theVariedProfileDrawsEachRingsSizeFromItsRange() throws IOException {
        Path varied = dir.resolve("varied");
        new TrafficGenerator(CONFIG.withProfile(GeneratorProfile.VARIED)).generate(varied, p -> {});
        Map<String, List<GroundTruth.Ring>> rings =
                GroundTruth.read(varied).rings().stream()
                        .collect(Collectors.groupingBy(GroundTruth.Ring::pattern));
        assertThat(rings.get("DEVICE_FARM"))
                .hasSize(2)
                .allMatch(r -> r.accounts() >= 8 && r.accounts() <= 60);
        assertThat(rings.get("APPLICATION_RING"))
                .hasSize(3)
                .allMatch(r -> r.accounts() >= 5 && r.accounts() <= 20);
        assertThat(rings.get("CASH_OUT"))
                .hasSize(2)
                .allMatch(r -> r.accounts() >= 3 && r.accounts() <= 12);
        assertThat(rings.get("MULE_CHAIN"))
                .hasSize(2)
                .allMatch(r -> r.accounts() >= 3 && r.accounts() <= 8);
        // Not the classic sizes (20, 9, 6, 4) throughout.
        assertThat(
                        rings.values().stream()
                                .flatMap(List::stream)
                                .filter(r -> !r.pattern().equals("ACCOUNT_TAKEOVER"))
                                .map(GroundTruth.Ring::accounts)
                                .distinct()
                                .count())
                .isGreaterThan(4);
        assertThat(GeneratorProfile.of("Varied")).isEqualTo(GeneratorProfile.VARIED);
        assertThat(GeneratorProfile.of("wild")).isNull();
    }

    @Test
    void launderingTypologiesAndHonestFlowLookalikesMoveMoneyInTheirShapes() throws IOException {
        Path flow = dir.resolve("flow");
        TrafficGenerator.Summary s =
                new TrafficGenerator(CONFIG.withMoneyFlow(6, 2).withSlowFarms(1))
                        .generate(flow, p -> {});
        GroundTruth truth = GroundTruth.read(flow);
        Map<String, List<GroundTruth.Ring>> rings =
                truth.rings().stream().collect(Collectors.groupingBy(GroundTruth.Ring::pattern));
        for (String typology :
                List.of(
                        "FAN_IN",
                        "FAN_OUT",
                        "CYCLE",
                        "SCATTER_GATHER",
                        "GATHER_SCATTER",
                        "LAYERED",
                        "SLOW_FARM")) {
            assertThat(rings.get(typology)).as(typology).hasSize(1);
        }
        // Besides the seven groups, the takeovers whose victims' money the groups launder.
        long victims =
                truth.rings().stream().filter(r -> r.ringId().matches("R-ML-\\d+-V\\d+")).count();
        assertThat(victims).isGreaterThanOrEqualTo(6);
        assertThat(truth.rings())
                .filteredOn(r -> r.ringId().contains("-V"))
                .allMatch(r -> r.pattern().equals("ACCOUNT_TAKEOVER") && r.accounts() == 1);
        assertThat(s.rings()).isEqualTo(summary.rings() + 7 + victims);
        // Every laundering member sends or receives a transfer within its group, below the
        // 5,000.00 the ring stage once required for some of them.
        Map<String, String> ringOf = new java.util.HashMap<>();
        truth.labels().stream()
                .filter(l -> l.ringId().startsWith("R-ML-") && !l.ringId().contains("-V"))
                .forEach(l -> ringOf.put(l.id(), l.ringId()));
        java.util.Set<String> moved = new java.util.HashSet<>();
        // A group's sources (members that send within it and receive nothing from it) and when
        // each first got a victim's money and first sent.
        java.util.Set<String> received = new java.util.HashSet<>();
        Map<String, Long> placed = new java.util.HashMap<>();
        Map<String, Long> firstSent = new java.util.HashMap<>();
        Map<String, String> victimOf = new java.util.HashMap<>();
        truth.labels().stream()
                .filter(l -> l.ringId().matches("R-ML-\\d+-V\\d+"))
                .forEach(
                        l ->
                                victimOf.put(
                                        l.id(),
                                        l.ringId().substring(0, l.ringId().lastIndexOf("-V"))));
        long[] smallest = {Long.MAX_VALUE};
        Map<String, Integer> lookalikeTransfers = new java.util.HashMap<>();
        try (EventFiles.Merged merged = EventFiles.readMerged(flow)) {
            merged.forEachRemaining(
                    e -> {
                        if (e instanceof TransactionEvent t
                                && t.getType() == TransactionType.TRANSFER) {
                            String from = t.getAccountId();
                            String to = t.getCounterpartyAccountId();
                            String group = victimOf.get(from);
                            if (group != null && group.equals(ringOf.get(to))) {
                                placed.putIfAbsent(to, t.getEventTime().toEpochMilli());
                            }
                            if (ringOf.containsKey(from)
                                    && ringOf.get(from).equals(ringOf.get(to))) {
                                moved.add(from);
                                moved.add(to);
                                received.add(to);
                                firstSent.putIfAbsent(from, t.getEventTime().toEpochMilli());
                                smallest[0] = Math.min(smallest[0], t.getAmountMinor());
                            }
                            String kind = truth.honestLookalikes().get(to);
                            if (kind != null && truth.honestLookalikes().containsKey(from)) {
                                lookalikeTransfers.merge(kind, 1, Integer::sum);
                            }
                        }
                    });
        }
        assertThat(moved).isEqualTo(ringOf.keySet());
        // Laundered money comes from somewhere: every source got a victim's money before it sent.
        java.util.Set<String> sources = new java.util.HashSet<>(firstSent.keySet());
        sources.removeAll(received);
        assertThat(sources).isNotEmpty();
        for (String source : sources) {
            assertThat(placed.get(source)).as(source).isNotNull().isLessThan(firstSent.get(source));
        }
        assertThat(smallest[0]).isLessThan(500_000);
        assertThat(truth.honestLookalikes()).containsValues("PAYROLL", "RENT");
        assertThat(truth.honestLookalikes().keySet())
                .doesNotContainAnyElementsOf(
                        truth.labels().stream().map(GroundTruth.Label::id).toList());
        // Two employers pay at least 10 each; two landlords collect from at least 4 each.
        assertThat(lookalikeTransfers.get("PAYROLL")).isGreaterThanOrEqualTo(18);
        assertThat(lookalikeTransfers.get("RENT")).isGreaterThanOrEqualTo(8);
    }
}
