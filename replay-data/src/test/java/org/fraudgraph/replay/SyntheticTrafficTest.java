package org.fraudgraph.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Test;

class SyntheticTrafficTest {
    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

    private static List<SpecificRecord> take(long seed, int n) {
        SyntheticTraffic traffic = new SyntheticTraffic(seed, 1_000);
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(traffic.next(START.plusSeconds(i)));
        }
        return events;
    }

    @Test
    void sameSeedGivesTheSameEvents() {
        assertThat(take(7, 500)).isEqualTo(take(7, 500));
        assertThat(take(7, 500)).isNotEqualTo(take(8, 500));
    }

    @Test
    void farmAccountsActAboutTenTimesAsOftenAsOthers() {
        SyntheticTraffic traffic = new SyntheticTraffic(1, 1_000);
        Map<String, Integer> perAccount = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            SpecificRecord e = traffic.next(START);
            String account = (String) e.get(e.getSchema().getField("accountId").pos());
            perAccount.merge(account, 1, Integer::sum);
        }
        double busy =
                traffic.farmAccountIds().stream()
                        .mapToInt(a -> perAccount.getOrDefault(a, 0))
                        .average()
                        .orElseThrow();
        double all = 50_000 / 1_000.0;
        assertThat(busy / all).isBetween(8.0, 12.0);
    }

    @Test
    void everyEventSaysWhenItsAccountWasOpenedTheFarmsJustBeforeTheyAct() {
        SyntheticTraffic traffic = new SyntheticTraffic(3, 1_000);
        Set<String> farm = Set.copyOf(traffic.farmAccountIds());
        Map<String, Instant> opened = new HashMap<>();
        Map<String, Instant> first = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            SpecificRecord e = traffic.next(START.plusSeconds(i));
            String account = (String) e.get(e.getSchema().getField("accountId").pos());
            Instant created = (Instant) e.get(e.getSchema().getField("accountCreatedTime").pos());
            assertThat(created).as("creation time of %s", account).isNotNull();
            assertThat(opened.computeIfAbsent(account, a -> created))
                    .as("one creation time per account")
                    .isEqualTo(created);
            first.putIfAbsent(account, START.plusSeconds(i));
        }
        for (var e : opened.entrySet()) {
            Instant firstEvent = first.get(e.getKey());
            if (farm.contains(e.getKey())) {
                assertThat(e.getValue()).isEqualTo(firstEvent);
            } else {
                assertThat(java.time.Duration.between(e.getValue(), firstEvent).toDays())
                        .isBetween(30L, 1_800L);
            }
        }
        assertThat(opened.keySet()).containsAll(farm);
    }

    /**
     * Honest accounts share an address and contacts only within their household of three, so the
     * honest population never forms one long chain of shared identifiers (it once did: each account
     * named the next two accounts' phones, and a long demo made rings of neighbours).
     */
    @Test
    void honestAccountsShareApplicationIdentifiersOnlyWithinTheirHousehold() {
        SyntheticTraffic traffic = new SyntheticTraffic(5, 1_000);
        Set<String> farm = new HashSet<>(traffic.farmAccountIds());
        Map<String, Set<String>> accountsOf = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            if (traffic.next(START) instanceof ApplicationEvent a
                    && !farm.contains(a.getAccountId())) {
                List<String> identifiers = new ArrayList<>(a.getContactPhoneHashes());
                identifiers.add(a.getPhoneHash());
                identifiers.add(a.getAddressHash());
                identifiers.add(a.getIdNumberHash());
                for (String id : identifiers) {
                    accountsOf.computeIfAbsent(id, k -> new HashSet<>()).add(a.getAccountId());
                }
            }
        }
        assertThat(accountsOf).hasSizeGreaterThan(1_000);
        for (Set<String> sharing : accountsOf.values()) {
            int first = Integer.parseInt(sharing.iterator().next().substring(4));
            int household = (first - farm.size()) / 3;
            assertThat(sharing)
                    .allSatisfy(
                            id ->
                                    assertThat(
                                                    (Integer.parseInt(id.substring(4))
                                                                    - farm.size())
                                                            / 3)
                                            .isEqualTo(household));
        }
    }

    @Test
    void aPersonFilesOneApplicationAndALargePopulationKeepsOneCrewSizedFarm() {
        SyntheticTraffic traffic = new SyntheticTraffic(9, 100_000);
        assertThat(traffic.farmAccountIds()).hasSize(60);
        Set<String> farm = new HashSet<>(traffic.farmAccountIds());
        Map<String, Integer> applications = new HashMap<>();
        for (int i = 0; i < 300_000; i++) {
            if (traffic.next(START) instanceof ApplicationEvent a) {
                applications.merge(a.getAccountId(), 1, Integer::sum);
            }
        }
        assertThat(applications).hasSizeGreaterThan(10_000);
        applications.forEach(
                (account, n) -> {
                    if (!farm.contains(account)) {
                        assertThat(n).as(account).isEqualTo(1);
                    }
                });
        assertThat(farm).anyMatch(a -> applications.getOrDefault(a, 0) > 1);
    }

    @Test
    void everyEventEncodesAndPassesTheRequiredFieldCheck() throws Exception {
        for (SpecificRecord e : take(3, 2_000)) {
            @SuppressWarnings("unchecked")
            AvroCodec<SpecificRecord> codec =
                    (AvroCodec<SpecificRecord>)
                            AvroCodec.of(e.getClass().asSubclass(SpecificRecord.class));
            assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
        }
        assertThat(take(3, 2_000)).anyMatch(e -> e instanceof TransactionEvent);
    }
}
