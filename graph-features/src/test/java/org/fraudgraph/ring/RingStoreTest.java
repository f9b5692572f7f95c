package org.fraudgraph.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fraudgraph.ring.RingLink.Relation;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingEdge;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.RingMember;
import org.junit.jupiter.api.Test;

class RingStoreTest {
    private static final long T0 = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR_MS = 60 * MINUTE;
    private final RingStore store = new RingStore(RingSettings.defaults(), "rings-test");
    private final List<RingCase> emitted = new ArrayList<>();
    private int events;

    private void link(Relation r, String account, String target, long at, long amount) {
        RingLink l = RingLink.of(r, account, target, "ev-" + events++, at, amount);
        emitted.addAll(store.add(l));
    }

    private void link(Relation r, String account, String target, long at) {
        link(r, account, target, at, 0);
    }

    /** A link of an account the job saw register within the window. */
    private void linkNew(Relation r, String account, String target, long at) {
        RingLink l = RingLink.of(r, account, target, "ev-" + events++, at, 0);
        l.newAccount = true;
        emitted.addAll(store.add(l));
    }

    /** A device link of an account the job saw register within the window. */
    private void register(String account, String device, long at) {
        RingLink l = RingLink.of(Relation.USES_DEVICE, account, device, "ev-" + events++, at, 0);
        l.newAccount = true;
        emitted.addAll(store.add(l));
    }

    /** A transfer from {@code from} to {@code to} added to {@code store}: the cases it caused. */
    private static List<RingCase> transfer(
            RingStore store, String from, String to, String eventId, long at, long amount) {
        return store.add(RingLink.of(Relation.TRANSFERS_TO, from, to, eventId, at, amount));
    }

    private static Set<String> accounts(RingCase c) {
        return c.getMembers().stream()
                .filter(m -> m.getEntityType() == EntityType.ACCOUNT)
                .map(RingMember::getEntityId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private RingCase latest() {
        return emitted.get(emitted.size() - 1);
    }

    @Test
    void aDeviceFarmBecomesOneCaseThatGrowsInVersions() {
        for (int i = 0; i < 8; i++) {
            register("farm-" + i, "DEVICE:emu-" + (i % 2), T0 + i * MINUTE);
        }
        // Two devices, no account on both: two components until one account uses both.
        assertThat(emitted).isEmpty();
        link(Relation.USES_DEVICE, "farm-0", "DEVICE:emu-1", T0 + 9 * MINUTE);
        assertThat(emitted).hasSize(1);
        RingCase first = latest();
        assertThat(first.getKind()).isEqualTo(RingKind.DEVICE_FARM);
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(first.getStatus()).isEqualTo(CaseStatus.OPEN);
        assertThat(accounts(first)).hasSize(8);
        assertThat(first.getMembers())
                .filteredOn(m -> m.getEntityType() == EntityType.DEVICE)
                .extracting(RingMember::getEntityId)
                .containsExactly("emu-0", "emu-1");
        assertThat(first.getEdges()).hasSize(9);
        RingEdge edge = first.getEdges().get(0);
        assertThat(edge.getRelation()).isEqualTo("USES_DEVICE");
        assertThat(edge.getEvidenceEventIds()).hasSize(1);
        assertThat(first.getConfigVersion()).isEqualTo("rings-test");

        // 9 accounts are not yet a fifth more than 8; 10 are.
        link(Relation.USES_DEVICE, "farm-8", "DEVICE:emu-0", T0 + 10 * MINUTE);
        assertThat(emitted).hasSize(1);
        link(Relation.USES_DEVICE, "farm-9", "DEVICE:emu-0", T0 + 10 * MINUTE);
        assertThat(emitted).hasSize(2);
        assertThat(latest().getCaseId()).isEqualTo(first.getCaseId());
        assertThat(latest().getVersion()).isEqualTo(2);
        assertThat(accounts(latest())).hasSize(10);

        // More evidence on known members is no new version.
        link(Relation.USES_DEVICE, "farm-3", "DEVICE:emu-1", T0 + 11 * MINUTE);
        assertThat(emitted).hasSize(2);
    }

    @Test
    void aCaseAnAnalystDismissesClosesAndItsAccountsAloneOpenNoCaseAgainWithinTheWindow() {
        for (int i = 0; i < 8; i++) {
            register("farm-" + i, "DEVICE:emu-" + (i % 2), T0 + i * MINUTE);
        }
        link(Relation.USES_DEVICE, "farm-0", "DEVICE:emu-1", T0 + 9 * MINUTE);
        RingCase opened = latest();
        assertThat(store.openCaseOf("farm-3")).isEqualTo(opened.getCaseId());
        assertThat(store.openCaseOf("someone-else")).isNull();

        RingLink verdict =
                RingLink.of(
                        Relation.CASE_DISMISSED,
                        "farm-3",
                        opened.getCaseId(),
                        "verdict-1",
                        T0 + 20 * MINUTE,
                        0);
        emitted.addAll(store.add(verdict));
        RingCase closed = latest();
        assertThat(closed.getCaseId()).isEqualTo(opened.getCaseId());
        assertThat(closed.getVersion()).isEqualTo(opened.getVersion() + 1);
        assertThat(closed.getStatus()).isEqualTo(CaseStatus.CLOSED);
        assertThat(closed.getReasons()).anyMatch(r -> r.getCode().equals("DISMISSED"));
        assertThat(store.openCases()).isZero();
        assertThat(store.openCaseOf("farm-3")).isNull();
        // The verdict on the next member finds the case closed: no second last version.
        verdict.accountId = "farm-4";
        assertThat(store.add(verdict)).isEmpty();

        // The same accounts go on sharing their devices: no new case.
        int before = emitted.size();
        for (int i = 0; i < 8; i++) {
            link(Relation.USES_DEVICE, "farm-" + i, "DEVICE:emu-" + ((i + 1) % 2), T0 + HOUR_MS);
        }
        assertThat(emitted).hasSize(before);
        assertThat(
                        RingStoreSerializer.deserialize(
                                        RingStoreSerializer.serialize(store),
                                        RingSettings.defaults(),
                                        "x")
                                .openCases())
                .isZero();

        // A new account joining them is new evidence: a new case with all of them.
        register("farm-new", "DEVICE:emu-0", T0 + 2 * HOUR_MS);
        assertThat(emitted).hasSize(before + 1);
        assertThat(latest().getStatus()).isEqualTo(CaseStatus.OPEN);
        assertThat(latest().getCaseId()).isNotEqualTo(opened.getCaseId());
        assertThat(accounts(latest())).hasSize(9).contains("farm-new", "farm-3");
    }

    @Test
    void threeAccountsOnAnEmulatorAreAlreadyAFarm() {
        for (int i = 0; i < 3; i++) {
            RingLink l =
                    RingLink.of(
                            Relation.USES_DEVICE, "emu-" + i, "DEVICE:e", "ev-e" + i, T0 + i, 0);
            l.emulator = true;
            emitted.addAll(store.add(l));
        }
        assertThat(emitted).hasSize(1);
        assertThat(latest().getKind()).isEqualTo(RingKind.DEVICE_FARM);
        assertThat(latest().getReasons())
                .extracting(r -> r.getCode())
                .containsExactly("DEVICE_FARM", "EMULATOR_DEVICES");
    }

    @Test
    void emulatorsBehindOneNetworkAreOneFarmBeforeAnyDeviceIsShared() {
        // Three accounts, each on its own emulator, all through one proxy /24.
        for (int i = 0; i < 3; i++) {
            RingLink l =
                    RingLink.of(
                            Relation.EMULATOR_NETWORK,
                            "emu-" + i,
                            "IP_PREFIX:45.77.9",
                            "ev-n" + i,
                            T0 + i * MINUTE,
                            0);
            l.emulator = true;
            emitted.addAll(store.add(l));
        }
        assertThat(emitted).hasSize(1);
        assertThat(latest().getKind()).isEqualTo(RingKind.DEVICE_FARM);
        assertThat(latest().getReasons())
                .extracting(r -> r.getCode(), r -> r.getDetail())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "DEVICE_FARM", "3 accounts on emulators behind one network"),
                        org.assertj.core.groups.Tuple.tuple(
                                "EMULATOR_NETWORK",
                                "its emulators connect from 1 shared /24 network"));
        // Then one of the emulators is shared: the same case, the device now a member.
        RingLink shared =
                RingLink.of(
                        Relation.USES_DEVICE, "emu-3", "DEVICE:e0", "ev-d3", T0 + 4 * MINUTE, 0);
        shared.emulator = true;
        emitted.addAll(store.add(shared));
        emitted.addAll(
                store.add(RingLink.of(Relation.USES_DEVICE, "emu-0", "DEVICE:e0", "ev-n0", T0, 0)));
        assertThat(emitted)
                .extracting(RingCase::getCaseId)
                .containsOnly(emitted.get(0).getCaseId());
        assertThat(latest().getMembers()).extracting(m -> m.getEntityId()).contains("e0", "emu-0");
    }

    @Test
    void aCaseNamesItsEvidenceEventsOnceEachWithWhatWasKnownOfThem() {
        for (int i = 0; i < 3; i++) {
            RingLink l =
                    RingLink.of(Relation.USES_DEVICE, "emu-" + i, "DEVICE:e", "ev-" + i, T0 + i, 0);
            l.emulator = true;
            l.evidence =
                    new Evidence(
                            "ev-" + i,
                            T0 + i,
                            org.fraudgraph.schema.EventKind.DEVICE,
                            "emu-" + i,
                            0,
                            "e",
                            "45.77.9." + i,
                            null,
                            null);
            emitted.addAll(store.add(l));
        }
        // The same event seen again through a second link stays one evidence record.
        RingLink again = RingLink.of(Relation.USES_DEVICE, "emu-2", "DEVICE:e", "ev-2", T0 + 2, 0);
        store.add(again);
        RingStore restored =
                RingStoreSerializer.deserialize(
                        RingStoreSerializer.serialize(store), RingSettings.defaults(), "test");
        RingLink fourth = RingLink.of(Relation.USES_DEVICE, "emu-3", "DEVICE:e", "ev-3", T0 + 3, 0);
        fourth.emulator = true;
        emitted.addAll(restored.add(fourth));
        assertThat(latest().getEvidence())
                .extracting(x -> x.getEventId(), x -> x.getIp(), x -> x.getKind())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "ev-0", "45.77.9.0", org.fraudgraph.schema.EventKind.DEVICE),
                        org.assertj.core.groups.Tuple.tuple(
                                "ev-1", "45.77.9.1", org.fraudgraph.schema.EventKind.DEVICE),
                        org.assertj.core.groups.Tuple.tuple(
                                "ev-2", "45.77.9.2", org.fraudgraph.schema.EventKind.DEVICE),
                        org.assertj.core.groups.Tuple.tuple("ev-3", null, null));
        assertThat(latest().getEdges())
                .filteredOn(e -> e.getSourceId().equals("emu-1"))
                .singleElement()
                .satisfies(e -> assertThat(e.getEvidenceEventIds()).containsExactly("ev-1"));
    }

    @Test
    void familiesSharingADeviceAreNoCase() {
        for (int family = 0; family < 50; family++) {
            for (int member = 0; member < 4; member++) {
                String account = "f" + family + "-" + member;
                link(Relation.USES_DEVICE, account, "DEVICE:home-" + family, T0 + member * MINUTE);
                link(Relation.GAVE_ADDRESS, account, "ADDRESS:home-" + family, T0 + member);
            }
        }
        assertThat(emitted).isEmpty();
    }

    @Test
    void aLargeHouseholdOnOneDeviceIsNoFarmHoweverManyUseIt() {
        // Twelve customers who already had their accounts, one of them new this week.
        for (int member = 0; member < 12; member++) {
            for (int day = 0; day < 7; day++) {
                link(
                        Relation.USES_DEVICE,
                        "h-" + member,
                        "DEVICE:tablet",
                        T0 + day * 1_440 * MINUTE + member * MINUTE);
            }
        }
        register("h-12", "DEVICE:tablet", T0 + 3 * 1_440 * MINUTE);
        assertThat(emitted).isEmpty();
    }

    /**
     * A slow farm's account of day {@code day}: registered at {@code t} on one of two ordinary
     * phones, worked on the other an hour later.
     */
    private void slowFarmAccount(int day, long t) {
        register("slow-" + day, "DEVICE:phone-" + (day % 2), t);
        link(Relation.USES_DEVICE, "slow-" + day, "DEVICE:phone-" + ((day + 1) % 2), t + HOUR_MS);
    }

    @Test
    void accountsRegisteredOnOrdinaryPhonesOneADayAreAFarm() {
        // A slow farm: one new account a day on one of two ordinary phones, worked on the other.
        // Without a baseline five new accounts make a farm; but the third new account working
        // both phones is one more than the phones: no household has more people than phones.
        for (int day = 0; day < 5; day++) {
            slowFarmAccount(day, T0 + day * 1_440 * MINUTE);
            if (day < 2) {
                assertThat(emitted).as("day %d", day).isEmpty();
            }
            if (day == 2) {
                assertThat(emitted).hasSize(1);
                assertThat(latest().getReasons().get(0).getDetail())
                        .isEqualTo(
                                "3 accounts on 2 shared devices, 3 are new (registered within 7"
                                        + " days)");
            }
        }
        assertThat(latest().getKind()).isEqualTo(RingKind.DEVICE_FARM);
        assertThat(accounts(latest())).hasSize(5);
        assertThat(latest().getReasons().get(0).getDetail())
                .isEqualTo("5 accounts on 2 shared devices, 5 are new (registered within 7 days)");
    }

    @Test
    void householdsJoiningTogetherOnEachOthersPhonesAreNoFarmACrewWithMoreAccountsThanPhonesIs() {
        // One account in two new: four new accounts of four are what chance makes.
        households(100, 2);
        // A couple and a family of four, all new, each on their own phone and now and then on
        // another member's: as many phones as people.
        for (int size : new int[] {2, 4}) {
            for (int m = 0; m < size; m++) {
                register("h" + size + "-" + m, "DEVICE:own-" + size + "-" + m, T0 + 2 * HOUR_MS);
            }
            for (int m = 0; m < size; m++) {
                linkNew(
                        Relation.USES_DEVICE,
                        "h" + size + "-" + m,
                        "DEVICE:own-" + size + "-" + ((m + 1) % size),
                        T0 + 3 * HOUR_MS + m);
            }
        }
        assertThat(emitted).isEmpty();
        // Three new accounts on two phones, each registered on one and worked on the other.
        for (int day = 0; day < 3; day++) {
            slowFarmAccount(day, T0 + day * 1_440 * MINUTE + 4 * HOUR_MS);
        }
        assertThat(emitted).hasSize(1);
        assertThat(accounts(latest())).containsExactly("slow-0", "slow-1", "slow-2");
    }

    /**
     * A platform's households: {@code households} shared tablets of three accounts each, one
     * account in {@code oneNewIn} registered within the window.
     */
    private void households(int households, int oneNewIn) {
        int n = 0;
        for (int h = 0; h < households; h++) {
            for (int m = 0; m < 3; m++) {
                String account = "home-" + h + "-" + m;
                long at = T0 + (h * 3 + m);
                if (n++ % oneNewIn == 0) {
                    register(account, "DEVICE:home-" + h, at);
                } else {
                    link(Relation.USES_DEVICE, account, "DEVICE:home-" + h, at);
                }
            }
        }
        assertThat(emitted).isEmpty();
    }

    @Test
    void onceTheStoreKnowsThePlatformsShareOfNewAccountsAFarmIsWhatChanceDoesNotExplain() {
        // 100 households of three, one account in ten new: 300 device uses, a share of 0.1.
        households(100, 10);
        // A family of twelve on one tablet with two newcomers: one in six, as likely as not.
        for (int m = 0; m < 12; m++) {
            long at = T0 + HOUR_MS + m;
            if (m < 2) {
                register("fam-" + m, "DEVICE:tablet", at);
            } else {
                link(Relation.USES_DEVICE, "fam-" + m, "DEVICE:tablet", at);
            }
        }
        assertThat(emitted).as("a large family").isEmpty();
        // Four new accounts on two ordinary phones, one a day: 0.1^4 by chance, less than once
        // in 102 devices. (Fewer than the five new accounts the store needs without a baseline.)
        for (int day = 0; day < 4; day++) {
            slowFarmAccount(day, T0 + day * 1_440 * MINUTE + 2 * HOUR_MS);
            if (day < 2) {
                assertThat(emitted).as("day %d", day).isEmpty();
            }
        }
        assertThat(emitted).isNotEmpty();
        assertThat(latest().getKind()).isEqualTo(RingKind.DEVICE_FARM);
        assertThat(accounts(latest())).containsExactly("slow-0", "slow-1", "slow-2", "slow-3");
    }

    @Test
    void aHouseholdOfFourJoiningTogetherIsNoFarmFourNewAccountsOnOneDeviceAre() {
        // One account in ten new: four new of four would be chance once in 10,000.
        households(100, 10);
        // Four people joining together, each on their own phone; three lend theirs to another
        // member (the fourth phone stays its owner's, so the ring stage never sees it).
        for (int m = 0; m < 4; m++) {
            if (m < 3) {
                register("fam-" + m, "DEVICE:own-" + m, T0 + 2 * HOUR_MS + m);
            }
        }
        linkNew(Relation.USES_DEVICE, "fam-0", "DEVICE:own-1", T0 + 3 * HOUR_MS);
        linkNew(Relation.USES_DEVICE, "fam-1", "DEVICE:own-2", T0 + 3 * HOUR_MS + 1);
        linkNew(Relation.USES_DEVICE, "fam-2", "DEVICE:own-0", T0 + 3 * HOUR_MS + 2);
        linkNew(Relation.USES_DEVICE, "fam-3", "DEVICE:own-0", T0 + 3 * HOUR_MS + 3);
        assertThat(emitted).as("three phones may be three of them").isEmpty();
        // Four new accounts on one device: one may be its owner, three more are no chance.
        for (int a = 0; a < 4; a++) {
            register("dev-" + a, "DEVICE:one", T0 + 4 * HOUR_MS + a);
        }
        assertThat(emitted).hasSize(1);
        assertThat(accounts(latest())).hasSize(4);
    }

    @Test
    void whereNewAccountsAreCommonMoreOfThemAreNeeded() {
        // One account in two new: four new accounts on two phones, each on one of them (no more
        // accounts working both phones than phones), are what chance makes.
        households(100, 2);
        for (int day = 0; day < 4; day++) {
            register("slow-" + day, "DEVICE:phone-" + (day % 2), T0 + day * 1_440 * MINUTE);
        }
        assertThat(emitted).isEmpty();
    }

    @Test
    void theFarmBaselineIsWhatTheEdgesSayAfterExpiryAndAfterARestore() {
        households(100, 10);
        long[] live = {store.deviceUses, store.newDeviceUses, store.sharedDevices};
        assertThat(live).containsExactly(300, 30, 100);
        RingStore restored =
                RingStoreSerializer.deserialize(
                        RingStoreSerializer.serialize(store), RingSettings.defaults(), "t");
        assertThat(new long[] {restored.deviceUses, restored.newDeviceUses, restored.sharedDevices})
                .containsExactly(live);
        // Half the households used their tablets again three days later (the new ones among them
        // still new: registered within the window); the others leave.
        for (int h = 0; h < 50; h++) {
            String account = "home-" + h + "-1";
            long at = T0 + 3 * 24 * HOUR_MS;
            if ((h * 3 + 1) % 10 == 0) {
                linkNew(Relation.USES_DEVICE, account, "DEVICE:home-" + h, at);
            } else {
                link(Relation.USES_DEVICE, account, "DEVICE:home-" + h, at);
            }
        }
        store.advance(T0 + 8 * 24 * HOUR_MS);
        long[] after = {store.deviceUses, store.newDeviceUses, store.sharedDevices};
        store.recountDeviceUses();
        assertThat(after)
                .containsExactly(store.deviceUses, store.newDeviceUses, store.sharedDevices)
                .containsExactly(50, 5, 50);
        // Nine days in, one of them is no longer new: its latest link says so, and it counts as
        // old from then on (an account new once is not new for ever).
        link(Relation.USES_DEVICE, "home-3-1", "DEVICE:home-3", T0 + 9 * 24 * HOUR_MS);
        assertThat(store.newDeviceUses).isEqualTo(4);
        // A link from before the latest one does not undo what the latest said.
        linkNew(Relation.USES_DEVICE, "home-3-1", "DEVICE:home-3", T0 + 8 * 24 * HOUR_MS);
        assertThat(store.newDeviceUses).isEqualTo(4);
        store.recountDeviceUses();
        assertThat(store.newDeviceUses).isEqualTo(4);
    }

    @Test
    void anEdgeLeavesTheWindowAfterItsLastLinkWhetherTheStoreWasRestoredOrNot() {
        link(Relation.USES_DEVICE, "a", "DEVICE:d-a", T0);
        link(Relation.USES_DEVICE, "b", "DEVICE:d-b", T0);
        // a uses its phone again five days later: its edge is filed under that hour when its
        // first hour is swept.
        link(Relation.USES_DEVICE, "a", "DEVICE:d-a", T0 + 5 * 24 * HOUR_MS);
        store.advance(T0 + 7 * 24 * HOUR_MS + HOUR_MS);
        assertThat(store.edges.values()).extracting(e -> e.from).containsExactly("ACCOUNT:a");
        RingStore restored =
                RingStoreSerializer.deserialize(
                        RingStoreSerializer.serialize(store), RingSettings.defaults(), "t");
        for (RingStore s : List.of(store, restored)) {
            s.advance(T0 + 12 * 24 * HOUR_MS - HOUR_MS);
            assertThat(s.edges).hasSize(1);
            s.advance(T0 + 12 * 24 * HOUR_MS + HOUR_MS);
            assertThat(s.edges).isEmpty();
            assertThat(s.deviceUses).isZero();
        }
    }

    @Test
    void theBinomialTailIsExact() {
        // P(X >= 3) for X ~ Binomial(10, 0.1) = 1 - (0.9^10 + 10 0.1 0.9^9 + 45 0.01 0.9^8)
        double expected = 1 - (Math.pow(0.9, 10) + Math.pow(0.9, 9) + 0.45 * Math.pow(0.9, 8));
        assertThat(Math.exp(RingStore.binomialTailLog(10, 3, 0.1)))
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RingStore.binomialTailLog(4, 4, 0.1)).isCloseTo(4 * Math.log(0.1), within(1e-9));
        assertThat(RingStore.binomialTailLog(10, 11, 0.1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(RingStore.binomialTailLog(10, 1, 0.1)).isZero();
        // Far in the tail of a large component, no underflow to minus infinity.
        assertThat(RingStore.binomialTailLog(5_000, 2_000, 0.05)).isFinite().isLessThan(-1_000);
    }

    @Test
    void thePoissonTailIsExact() {
        // P(X >= 2) for X ~ Poisson(0.5) = 1 - e^-0.5 (1 + 0.5)
        assertThat(Math.exp(RingStore.poissonTailLog(0.5, 2)))
                .isCloseTo(1 - Math.exp(-0.5) * 1.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RingStore.poissonTailLog(3, 2)).isZero();
        // Ten transfers within the hour from an account that sends one a week: no underflow.
        assertThat(RingStore.poissonTailLog(1.0 / 168, 10)).isFinite().isLessThan(-60);
    }

    @Test
    void anApplicationRingIsTheTwoCoreOfSharedIdentifiers() {
        // 8 applications sharing 2 contact phones and 1 address; each member shares at least two.
        for (int i = 0; i < 8; i++) {
            String account = "app-" + i;
            linkNew(Relation.GAVE_CONTACT, account, "CONTACT:c" + (i % 2), T0 + i * MINUTE);
            linkNew(Relation.GAVE_ADDRESS, account, "ADDRESS:a", T0 + i * MINUTE);
        }
        // A neighbour who gave only the same address is not in the ring.
        link(Relation.GAVE_ADDRESS, "neighbour", "ADDRESS:a", T0 + 20 * MINUTE);
        RingCase ring = latest();
        assertThat(ring.getKind()).isEqualTo(RingKind.APPLICATION_RING);
        assertThat(accounts(ring))
                .containsExactly(
                        "app-0", "app-1", "app-2", "app-3", "app-4", "app-5", "app-6", "app-7");
        assertThat(emitted).extracting(RingCase::getCaseId).containsOnly(ring.getCaseId());
    }

    @Test
    void aHouseholdNamingTheSameRelativeAtOneAddressIsNoRingUnlessItSharesAnIdNumber() {
        // Eight customers who had their accounts before, at one address, all naming the same
        // relative as contact, and the relative's own phone too: the 2-core, but no ring.
        for (int i = 0; i < 8; i++) {
            String account = "home-" + i;
            link(Relation.GAVE_CONTACT, account, "CONTACT:grandma", T0 + i * MINUTE);
            link(Relation.GAVE_ADDRESS, account, "ADDRESS:home", T0 + i * MINUTE);
        }
        linkNew(Relation.GAVE_ADDRESS, "home-8", "ADDRESS:home", T0 + 9 * MINUTE);
        linkNew(Relation.GAVE_CONTACT, "home-8", "CONTACT:grandma", T0 + 9 * MINUTE);
        assertThat(emitted).isEmpty();
        // One id number on two of the accounts: one person is two customers here.
        link(Relation.GAVE_ID_NUMBER, "home-1", "ID_NUMBER:x", T0 + 10 * MINUTE);
        link(Relation.GAVE_ID_NUMBER, "home-2", "ID_NUMBER:x", T0 + 11 * MINUTE);
        assertThat(latest().getKind()).isEqualTo(RingKind.APPLICATION_RING);
        assertThat(latest().getReasons().get(0).getDetail())
                .isEqualTo(
                        "9 accounts sharing 3 phones, contacts, id numbers or addresses, each at"
                                + " least two, 1 new, 1 shared id number");
    }

    @Test
    void onceTheStoreKnowsTheShareOfNewAccountsAnApplicationRingIsWhatChanceDoesNotExplain() {
        // 240 transfers between ordinary customers, one sender in four new: the platform's share.
        for (int i = 0; i < 240; i++) {
            long at = T0 + i;
            if (i % 4 == 0) {
                RingLink l =
                        RingLink.of(
                                Relation.TRANSFERS_TO,
                                "payer-" + i,
                                "payee-" + i,
                                "ev-" + events++,
                                at,
                                10_000 + 37L * i);
                l.newAccount = true;
                emitted.addAll(store.add(l));
            } else {
                link(Relation.TRANSFERS_TO, "payer-" + i, "payee-" + i, at, 10_000 + 37L * i);
            }
        }
        assertThat(store.newTransferEdges).isEqualTo(60);
        // 100 households of three at their address: 300 identifiers given.
        for (int h = 0; h < 100; h++) {
            for (int m = 0; m < 3; m++) {
                link(Relation.GAVE_ADDRESS, "home-" + h + "-" + m, "ADDRESS:home-" + h, T0 + h);
            }
        }
        assertThat(store.identityUses).isEqualTo(300);
        // A large family at one address naming the same relative, five of its ten new: enough
        // new accounts for the rule without a baseline (5), but five or more of ten where one in
        // four is new is chance about once in 13, and the givers could make 32 groups of five.
        for (int m = 0; m < 10; m++) {
            long at = T0 + HOUR_MS + m;
            if (m % 2 == 0) {
                linkNew(Relation.GAVE_ADDRESS, "fam-" + m, "ADDRESS:family", at);
                linkNew(Relation.GAVE_CONTACT, "fam-" + m, "CONTACT:grandma", at);
            } else {
                link(Relation.GAVE_ADDRESS, "fam-" + m, "ADDRESS:family", at);
                link(Relation.GAVE_CONTACT, "fam-" + m, "CONTACT:grandma", at);
            }
        }
        assertThat(emitted).as("a large family with newcomers").isEmpty();
        // Five new accounts applying with two contact phones and one address: all five new is
        // chance once in a thousand.
        for (int i = 0; i < 5; i++) {
            long at = T0 + 2 * HOUR_MS + i * MINUTE;
            linkNew(Relation.GAVE_CONTACT, "app-" + i, "CONTACT:c" + (i % 2), at);
            linkNew(Relation.GAVE_ADDRESS, "app-" + i, "ADDRESS:drop", at);
        }
        assertThat(latest().getKind()).isEqualTo(RingKind.APPLICATION_RING);
        assertThat(accounts(latest())).containsExactly("app-0", "app-1", "app-2", "app-3", "app-4");
        // The baseline is what the edges say after a restore and after the window.
        RingStore restored =
                RingStoreSerializer.deserialize(
                        RingStoreSerializer.serialize(store), RingSettings.defaults(), "t");
        assertThat(new long[] {restored.identityUses, restored.newTransferEdges})
                .containsExactly(store.identityUses, store.newTransferEdges);
        store.advance(T0 + 8 * 24 * HOUR_MS);
        assertThat(new long[] {store.identityUses, store.newTransferEdges}).containsExactly(0, 0);
    }

    @Test
    void anApplicationRingThatTurnsOutToBeAFarmIsClosedIntoTheFarmsCase() {
        for (int i = 0; i < 6; i++) {
            String account = "farm-app-" + i;
            linkNew(Relation.GAVE_CONTACT, account, "CONTACT:c" + (i % 2), T0 + i * MINUTE);
            linkNew(Relation.GAVE_ADDRESS, account, "ADDRESS:a", T0 + i * MINUTE);
        }
        RingCase ring = latest();
        assertThat(ring.getKind()).isEqualTo(RingKind.APPLICATION_RING);
        for (int i = 0; i < 6; i++) {
            RingLink l =
                    RingLink.of(
                            Relation.USES_DEVICE,
                            "farm-app-" + i,
                            "DEVICE:emu",
                            "ev-d" + i,
                            T0 + (10 + i) * MINUTE,
                            0);
            l.emulator = true;
            emitted.addAll(store.add(l));
        }
        RingCase closed =
                emitted.stream()
                        .filter(c -> c.getCaseId().equals(ring.getCaseId()))
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertThat(closed.getStatus()).isEqualTo(CaseStatus.CLOSED);
        assertThat(closed.getReasons())
                .extracting(r -> r.getDetail())
                .anyMatch(d -> d.startsWith("part of device farm case case-device-farm-"));
        assertThat(store.openCases()).isEqualTo(1);
        // Later applications of the farm make no new application ring.
        int before = emitted.size();
        link(Relation.GAVE_CONTACT, "farm-app-0", "CONTACT:c1", T0 + 30 * MINUTE);
        assertThat(emitted.subList(before, emitted.size()))
                .noneMatch(c -> c.getKind() == RingKind.APPLICATION_RING);
    }

    @Test
    void aCashOutRingIsTheDenseBlockEvenWithCamouflage() {
        for (int i = 0; i < 6; i++) {
            String account = "co-" + i;
            for (int cycle = 0; cycle < 3; cycle++) {
                long at = T0 + cycle * 20 * 60 * MINUTE + i * MINUTE;
                link(Relation.PAYS, account, "MERCHANT:bad-1", at, 499_900);
                link(Relation.PAYS, account, "MERCHANT:bad-2", at + MINUTE, 1_000_000);
            }
        }
        // One honest buyer paid a round amount once at one of those merchants.
        link(Relation.PAYS, "honest", "MERCHANT:bad-1", T0 + 70 * 60 * MINUTE, 100_000);
        List<RingCase> cashOut =
                emitted.stream().filter(c -> c.getKind() == RingKind.CASH_OUT).toList();
        assertThat(cashOut).isNotEmpty();
        RingCase ring = cashOut.get(cashOut.size() - 1);
        assertThat(accounts(ring)).containsExactly("co-0", "co-1", "co-2", "co-3", "co-4", "co-5");
        assertThat(ring.getMembers())
                .filteredOn(m -> m.getEntityType() == EntityType.MERCHANT)
                .hasSize(2);
        // The latest version came with the last new member (co-5's first payment to bad-2);
        // later payments of known members are evidence, not a new version.
        assertThat(ring.getTotalAmountMinor())
                .isEqualTo(ring.getEdges().stream().mapToLong(RingEdge::getAmountMinor).sum())
                .isEqualTo(6 * 3 * (499_900L + 1_000_000L) - 1_000_000L);
    }

    @Test
    void aMuleChainPassesMoneyOnWithinMinutes() {
        long at = afterTransferBaseline();
        String[] chain = {"m-0", "m-1", "m-2", "m-3", "m-4"};
        for (int hop = 0; hop < chain.length - 1; hop++) {
            link(Relation.TRANSFERS_TO, chain[hop], chain[hop + 1], at, 2_000_000);
            at += 7 * MINUTE;
        }
        RingCase ring = latest();
        assertThat(ring.getKind()).isEqualTo(RingKind.MULE_CHAIN);
        assertThat(accounts(ring)).containsExactly(chain);
        assertThat(ring.getEdges()).extracting(RingEdge::getRelation).containsOnly("TRANSFERS_TO");
    }

    /**
     * 1,200 honest transfers (amounts around 500.00) a minute apart from {@code T0}: the stage then
     * knows which transfers are large. Returns the time after them.
     */
    private long afterTransferBaseline() {
        assertThat(background(store, 3, 1_200, 1)).isEmpty();
        return T0 + 1_200 * MINUTE;
    }

    @Test
    void aFastChainNeedsLargeTransfersLargeAgainstTheBaselineInEveryCurrencyScale() {
        // Before a baseline the stage does not know what is large: no fast chain.
        String[] chain = {"n-0", "n-1", "n-2", "n-3", "n-4"};
        for (int hop = 0; hop < chain.length - 1; hop++) {
            link(Relation.TRANSFERS_TO, chain[hop], chain[hop + 1], T0 + hop * MINUTE, 2_000_000);
        }
        assertThat(emitted).isEmpty();
        for (long scale : new long[] {1, 100}) {
            RingStore other = new RingStore(RingSettings.defaults(), "rings-test");
            assertThat(background(other, 5, 1_200, scale)).isEmpty();
            long t = T0 + 1_200 * MINUTE;
            // An ordinary amount passed on within minutes is no chain (one relay is what chance
            // gives); a large one is.
            List<RingCase> small = new ArrayList<>();
            List<RingCase> large = new ArrayList<>();
            for (int hop = 0; hop < 2; hop++) {
                small.addAll(
                        transfer(
                                other,
                                "sm-" + hop,
                                "sm-" + (hop + 1),
                                "sm" + hop,
                                t + hop * MINUTE,
                                52_000 / scale));
                large.addAll(
                        transfer(
                                other,
                                "lg-" + hop,
                                "lg-" + (hop + 1),
                                "lg" + hop,
                                t + hop * MINUTE,
                                2_000_000 / scale));
            }
            assertThat(small).as("scale %d", scale).noneMatch(c -> accounts(c).contains("sm-0"));
            assertThat(large).as("scale %d", scale).isNotEmpty();
            assertThat(accounts(large.get(large.size() - 1)))
                    .containsExactly("lg-0", "lg-1", "lg-2");
        }
    }

    @Test
    void slowTransfersAreNoChainButAShortCycleIs() {
        long t = afterTransferBaseline();
        link(Relation.TRANSFERS_TO, "s-0", "s-1", t, 2_000_000);
        link(Relation.TRANSFERS_TO, "s-1", "s-2", t + 5 * 60 * MINUTE, 2_000_000);
        link(Relation.TRANSFERS_TO, "s-2", "s-3", t + 10 * 60 * MINUTE, 2_000_000);
        assertThat(emitted).isEmpty();

        t += 11 * 60 * MINUTE;
        link(Relation.TRANSFERS_TO, "c-0", "c-1", t, 2_000_000);
        link(Relation.TRANSFERS_TO, "c-1", "c-2", t + 5 * MINUTE, 1_950_000);
        link(Relation.TRANSFERS_TO, "c-2", "c-0", t + 10 * MINUTE, 1_900_000);
        assertThat(latest().getKind()).isEqualTo(RingKind.MULE_CHAIN);
        assertThat(accounts(latest())).containsExactly("c-0", "c-1", "c-2");
    }

    @Test
    void twoCasesThatMergeContinueAsTheOlderOneAndTheOtherCloses() {
        for (int i = 0; i < 5; i++) {
            register("a-" + i, "DEVICE:x", T0 + i * MINUTE);
            register("b-" + i, "DEVICE:y", T0 + 10 * MINUTE + i * MINUTE);
        }
        List<String> ids = emitted.stream().map(RingCase::getCaseId).distinct().toList();
        assertThat(ids).hasSize(2);
        link(Relation.USES_DEVICE, "a-0", "DEVICE:y", T0 + 30 * MINUTE);
        RingCase closed = emitted.get(emitted.size() - 2);
        RingCase merged = latest();
        assertThat(closed.getCaseId()).isEqualTo(ids.get(1));
        assertThat(closed.getStatus()).isEqualTo(CaseStatus.CLOSED);
        assertThat(merged.getCaseId()).isEqualTo(ids.get(0));
        assertThat(accounts(merged)).hasSize(10);
    }

    @Test
    void linksAndCasesExpireAfterTheWindow() {
        for (int i = 0; i < 5; i++) {
            register("e-" + i, "DEVICE:z", T0 + i * MINUTE);
        }
        assertThat(store.openCases()).isEqualTo(1);
        assertThat(store.advance(T0 + Duration.ofDays(6).toMillis())).isEmpty();
        List<RingCase> expired = store.advance(T0 + Duration.ofDays(8).toMillis());
        assertThat(expired).hasSize(1);
        assertThat(expired.get(0).getStatus()).isEqualTo(CaseStatus.EXPIRED);
        assertThat(expired.get(0).getVersion()).isEqualTo(2);
        assertThat(store.openCases()).isZero();
        assertThat(store.vertices()).isZero();
    }

    @Test
    void theStoreRoundTripsThroughItsCheckpointFormat() {
        for (int i = 0; i < 4; i++) {
            register("r-" + i, "DEVICE:w", T0 + i * MINUTE);
        }
        RingStore restored =
                RingStoreSerializer.deserialize(
                        RingStoreSerializer.serialize(store),
                        RingSettings.defaults(),
                        "rings-test");
        assertThat(restored.vertices()).isEqualTo(store.vertices());
        assertThat(restored.edges()).isEqualTo(store.edges());
        // The fifth registration makes the farm only if the four before kept theirs.
        RingLink fifth = RingLink.of(Relation.USES_DEVICE, "r-4", "DEVICE:w", "ev-x", T0, 0);
        fifth.newAccount = true;
        List<RingCase> out = restored.add(fifth);
        assertThat(out).hasSize(1);
        assertThat(accounts(out.get(0))).hasSize(5);
        assertThat(RingStoreSerializer.serialize(restored))
                .isNotEqualTo(RingStoreSerializer.serialize(store));
    }

    /**
     * Honest transfers, one a minute from {@code T0}, among 2,000 accounts, log-normal amounts
     * around 500.00 divided by {@code scale}; the cases they made.
     */
    private static List<RingCase> background(
            RingStore flows, long seed, int transfers, long scale) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<RingCase> out = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            long amount = (long) (50_000 * Math.exp(random.nextGaussian())) / scale + 1;
            out.addAll(
                    transfer(
                            flows,
                            "b" + random.nextInt(2_000),
                            "b" + random.nextInt(2_000),
                            "bg-" + i,
                            T0 + i * MINUTE,
                            amount));
        }
        return out;
    }

    @Test
    void moneyRelayedByMoreAccountsThanChanceExplainsIsACaseAtAnyHopTimeAndCurrencyScale() {
        for (long scale : new long[] {1, 100}) {
            RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
            // An honest background: 3,000 transfers, some of which a receiver sends on by chance.
            List<RingCase> out = new ArrayList<>(background(flows, 7, 3_000, scale));
            assertThat(out).as("scale %d: chance relays are no case", scale).isEmpty();
            // Scatter-gather, hours a hop: five accounts each pass on what one sender gave them
            // to one collector, keeping 3 %. Two such relays are what chance gives among 3,000
            // transfers; more are not.
            long t = T0 + 3_000 * MINUTE;
            for (int k = 0; k < 5; k++) {
                out.addAll(
                        transfer(
                                flows,
                                "origin",
                                "m-" + k,
                                "sg-in-" + k,
                                t + k * 60 * MINUTE,
                                (2_000_000 + 1_000 * k) / scale));
                out.addAll(
                        transfer(
                                flows,
                                "m-" + k,
                                "collector",
                                "sg-out-" + k,
                                t + (k + 6) * 60 * MINUTE,
                                (1_940_000 + 970 * k) / scale));
                if (k < 2) {
                    assertThat(out).as("scale %d, %d relays", scale, k + 1).isEmpty();
                }
            }
            assertThat(out).as("scale %d", scale).isNotEmpty();
            RingCase last = out.get(out.size() - 1);
            assertThat(last.getKind()).isEqualTo(RingKind.MULE_CHAIN);
            assertThat(accounts(last))
                    .as("scale %d", scale)
                    .contains("origin", "m-0", "m-1", "m-2", "collector")
                    .isSubsetOf("origin", "m-0", "m-1", "m-2", "m-3", "m-4", "collector");
        }
    }

    @Test
    void whoPaidAMuleBeforeItRelayedIsNotInItsCase() {
        RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
        List<RingCase> out = new ArrayList<>(background(flows, 7, 3_000, 1));
        long t = T0 + 3_000 * MINUTE;
        // Two friends paid one of the mules small sums the day before.
        out.addAll(transfer(flows, "friend-1", "m-2", "f-1", t - 20 * 60 * MINUTE, 40_000));
        out.addAll(transfer(flows, "friend-2", "m-2", "f-2", t - 10 * 60 * MINUTE, 25_000));
        // Scatter-gather, run twice, each mule passing on each sum it got, one for one: all the
        // mule received for all it sent also adds up, but says nothing the one-for-one pairs do
        // not, and would pair the friends' money with the crew's.
        for (int run = 0; run < 2; run++) {
            for (int k = 0; k < 5; k++) {
                long at = t + (run * 12 + k) * 60 * MINUTE;
                long sum = (2_000_000 + 1_000 * k) / (run + 1);
                out.addAll(transfer(flows, "origin", "m-" + k, "in-" + run + k, at, sum));
                out.addAll(
                        transfer(
                                flows,
                                "m-" + k,
                                "collector",
                                "out-" + run + k,
                                at + 6 * 60 * MINUTE,
                                sum * 97 / 100));
            }
        }
        assertThat(out).isNotEmpty();
        assertThat(accounts(out.get(out.size() - 1)))
                .contains("origin", "m-2", "collector")
                .doesNotContain("friend-1", "friend-2");
    }

    @Test
    void aFlowHoldsTheRelaysThatCarryItsSurpriseNotABusyAccountThatPassedAnAmountOnByChance() {
        RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
        List<RingCase> out = new ArrayList<>(background(flows, 7, 3_000, 1));
        long t = T0 + 3_000 * MINUTE;
        // A busy honest account: twenty payments in, twenty out, of every size.
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int k = 0; k < 20; k++) {
            long in = (long) (50_000 * Math.exp(random.nextGaussian()));
            long sent = (long) (50_000 * Math.exp(random.nextGaussian()));
            out.addAll(transfer(flows, "c" + k, "busy", "bi-" + k, t + k * MINUTE, in));
            out.addAll(transfer(flows, "busy", "d" + k, "bo-" + k, t + (k + 30) * MINUTE, sent));
        }
        // Scatter-gather through five mules to a collector, who moves the sum on to the busy
        // account; the busy account later sends an amount that happens to match onward.
        long gathered = 0;
        for (int k = 0; k < 5; k++) {
            out.addAll(
                    transfer(
                            flows,
                            "origin",
                            "m-" + k,
                            "sg-in-" + k,
                            t + (60 + k) * 60 * MINUTE,
                            2_000_000 + 1_000 * k));
            long passed = 1_940_000 + 970 * k;
            gathered += passed;
            out.addAll(
                    transfer(
                            flows,
                            "m-" + k,
                            "collector",
                            "sg-out-" + k,
                            t + (66 + k) * 60 * MINUTE,
                            passed));
        }
        out.addAll(
                transfer(
                        flows,
                        "collector",
                        "busy",
                        "moved",
                        t + 80 * 60 * MINUTE,
                        gathered * 95 / 100));
        out.addAll(
                transfer(
                        flows,
                        "busy",
                        "shop-owner",
                        "chance",
                        t + 90 * 60 * MINUTE,
                        gathered * 90 / 100));
        assertThat(out).isNotEmpty();
        Set<String> ring = accounts(out.get(out.size() - 1));
        // Where the ring's money went is part of it; what a busy account did next is not.
        assertThat(ring)
                .contains("origin", "m-0", "m-4", "collector", "busy")
                .doesNotContain("shop-owner")
                .noneMatch(a -> a.startsWith("c") && !a.equals("collector") || a.startsWith("d"));
    }

    @Test
    void oneAccountGatheringAndPassingTheSumOnIsNoCaseByItself() {
        RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
        background(flows, 11, 2_000, 1);
        // A landlord collects eight rents and moves nine tenths on a day later: to the money
        // alone, a fan-in.
        List<RingCase> out = new ArrayList<>();
        long t = T0 + 2_000 * MINUTE;
        long collected = 0;
        for (int k = 0; k < 8; k++) {
            long rent = 300_000 + 7_000 * k;
            collected += rent;
            out.addAll(
                    transfer(
                            flows,
                            "tenant-" + k,
                            "landlord",
                            "rent-" + k,
                            t + k * 60 * MINUTE,
                            rent));
        }
        out.addAll(
                transfer(
                        flows,
                        "landlord",
                        "savings",
                        "moved",
                        t + 2 * 1_440 * MINUTE,
                        collected * 9 / 10));
        assertThat(out).isEmpty();
    }

    @Test
    void aCycleRunThreeTimesOverTheSameAccountsIsACaseEachRunItsOwnSum() {
        RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
        List<RingCase> out = new ArrayList<>(background(flows, 17, 3_000, 1));
        long t = T0 + 3_000 * MINUTE;
        // Four accounts pass a sum round, six hours a hop, keeping 3 % each; three runs a day
        // apart, each a different sum, over the same four transfer edges.
        long[] sums = {1_000_037, 310_052, 2_950_081};
        for (int run = 0; run < sums.length; run++) {
            long amount = sums[run];
            for (int hop = 0; hop < 4; hop++) {
                out.addAll(
                        transfer(
                                flows,
                                "c-" + hop,
                                "c-" + (hop + 1) % 4,
                                "run-" + run + "-" + hop,
                                t + run * 1_440 * MINUTE + hop * 6 * HOUR_MS,
                                amount));
                amount = amount * 97 / 100;
            }
        }
        assertThat(out).isNotEmpty();
        assertThat(accounts(out.get(out.size() - 1)))
                .containsAll(List.of("c-0", "c-1", "c-2", "c-3"))
                .noneMatch(a -> a.startsWith("b"));
    }

    @Test
    void heldMoneyScatteredByOneAccountIsACaseWhereUnheldMoneyIsNot() {
        for (boolean held : new boolean[] {false, true}) {
            RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
            List<RingCase> out = new ArrayList<>(background(flows, 13, 2_000, 1));
            long t = T0 + 2_000 * MINUTE;
            // A taken-over account's money reaches one account, which scatters 97 % of it to six
            // others within the hour: to the money alone, an employer paying wages.
            RingLink in =
                    RingLink.of(Relation.TRANSFERS_TO, "victim", "hub", "stolen", t, 1_200_000);
            in.held = held;
            out.addAll(flows.add(in));
            // Through a checkpoint: the restored store still knows the money was held.
            RingStore restored =
                    RingStoreSerializer.deserialize(
                            RingStoreSerializer.serialize(flows),
                            RingSettings.defaults(),
                            "rings-test");
            for (int k = 0; k < 6; k++) {
                out.addAll(
                        transfer(
                                restored,
                                "hub",
                                "payee-" + k,
                                "out-" + k,
                                t + (10 + k) * MINUTE,
                                194_000 + 100 * k));
            }
            if (!held) {
                assertThat(out).as("unheld").isEmpty();
                continue;
            }
            assertThat(out).as("held").isNotEmpty();
            RingCase last = out.get(out.size() - 1);
            assertThat(last.getKind()).isEqualTo(RingKind.MULE_CHAIN);
            assertThat(accounts(last))
                    .contains("victim", "hub", "payee-0")
                    .noneMatch(a -> a.startsWith("b"));
            // The last payee joined the case (too few to be a new version of it).
            assertThat(restored.openCaseOf("payee-5")).isEqualTo(last.getCaseId());
            // Its reason says it follows held money, not that chance cannot explain its relays.
            assertThat(last.getReasons().get(0).getDetail())
                    .endsWith(
                            " accounts passing on money the job held (1 of their transfers"
                                    + " scored REVIEW or BLOCK)");
        }
    }

    /** A transfer the job held, from {@code from} to {@code to}: the cases it caused. */
    private static List<RingCase> held(
            RingStore store, String from, String to, long at, long amount) {
        RingLink in = RingLink.of(Relation.TRANSFERS_TO, from, to, "stolen", at, amount);
        in.held = true;
        return store.add(in);
    }

    /**
     * {@code count} transfers from {@code from}, {@code every} apart starting {@code every} after
     * {@code t} (before it when {@code every} is negative), to payees named {@code to} and a number
     * ({@code payees} of them in turn), each {@code step} more than the last from {@code amount}.
     */
    private static List<RingCase> payments(
            RingStore store,
            String from,
            String to,
            int payees,
            int count,
            long t,
            long every,
            long amount,
            long step) {
        List<RingCase> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.addAll(
                    transfer(
                            store,
                            from,
                            to + k % payees,
                            from + "-" + to + t + "-" + k,
                            t + (k + 1) * every,
                            amount + step * k));
        }
        return out;
    }

    @Test
    void heldMoneyPaidOnAtTheReceiversOwnPaceIsNoCase() {
        long t = T0 + 2_000 * MINUTE;
        for (boolean fast : new boolean[] {false, true}) {
            RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
            List<RingCase> out = new ArrayList<>(background(flows, 13, 2_000, 1));
            // An account pays its five suppliers twice a day all week. A held transfer reaches it;
            // then six payments whose sum happens to match: over three days as always (a shop), or
            // within the half hour to six payees never paid before (a mule).
            out.addAll(payments(flows, "acc", "supplier-", 5, 14, t, -12 * HOUR_MS, 60_000, 1_000));
            out.addAll(held(flows, "victim", "acc", t, 400_000));
            out.addAll(
                    fast
                            ? payments(flows, "acc", "payee-", 6, 6, t, 5 * MINUTE, 60_000, 500)
                            : payments(
                                    flows, "acc", "supplier-", 5, 6, t, 12 * HOUR_MS, 60_000, 500));
            if (!fast) {
                assertThat(out).as("at its own pace").isEmpty();
                continue;
            }
            assertThat(out).as("within the half hour").isNotEmpty();
            assertThat(accounts(out.get(out.size() - 1))).contains("victim", "acc", "payee-0");
        }
    }

    @Test
    void heldMoneyThatStaysWithItsReceiverIsNoCase() {
        RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
        List<RingCase> out = new ArrayList<>(background(flows, 13, 2_000, 1));
        long t = T0 + 2_000 * MINUTE;
        out.addAll(held(flows, "victim", "shop", t, 1_200_000));
        // The receiver goes on with its own small transfers: none carries the money on.
        out.addAll(payments(flows, "shop", "supplier-", 3, 3, t, HOUR_MS, 30_000, 0));
        assertThat(out).isEmpty();
    }

    @Test
    void anAccountTradingWithThousandsIsNeverARelay() {
        RingStore flows = new RingStore(RingSettings.defaults(), "rings-test");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        // A collection account: 5,000 payers in, 100 payouts out, each payout the sum of a few
        // payments, so by amounts alone it would relay again and again.
        List<RingCase> out = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            out.addAll(
                    transfer(
                            flows,
                            "payer-" + i,
                            "hub",
                            "in-" + i,
                            T0 + i * 1_000L,
                            100_000 + random.nextInt(1_000)));
            if (i % 50 == 49) {
                out.addAll(
                        transfer(
                                flows,
                                "hub",
                                "payee-" + i / 50,
                                "out-" + i,
                                T0 + i * 1_000L + 1,
                                97_000 + random.nextInt(1_000)));
            }
        }
        assertThat(out).isEmpty();
    }
}
