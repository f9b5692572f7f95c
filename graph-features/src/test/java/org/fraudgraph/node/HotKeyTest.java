package org.fraudgraph.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.junit.jupiter.api.Test;

/**
 * A single key hammered, as an attacker (or a carrier-grade NAT, or a marketplace) would: the
 * node's state stops growing at its caps, it says it is a hub, and what it still reports stays
 * right. Updates go through the state's bytes, as the node stage does on every request.
 */
class HotKeyTest {
    private static final long NOON = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private static final FeatureSettings SETTINGS = FeatureSettings.defaults();

    @Test
    void oneDeviceWithAMillionAccountsStaysBoundedAndIsAHub() {
        byte[] bytes = null;
        NodeAnswer last = null;
        List<Integer> sizes = new ArrayList<>();
        for (int a = 1; a <= 1_000_000; a++) {
            NodeState device = NodeStateSerializer.deserialize(NodeKind.DEVICE, bytes, SETTINGS);
            // A million registrations in a day: one every 86 ms.
            EdgeRequest r =
                    EdgeRequest.of(EdgeRequest.Op.UPDATE, "DEVICE:d", "e-" + a, NOON + a * 86L, a);
            last = device.apply(r, SETTINGS);
            bytes = NodeStateSerializer.serialize(device);
            if (a % 100_000 == 0) {
                sizes.add(bytes.length);
            }
        }
        assertThat(last.value("device.hub")).isEqualTo(1);
        assertThat(last.value("device.accounts_24h"))
                .as("a lower bound: at least the cap")
                .isGreaterThanOrEqualTo(SETTINGS.nodeCap());
        assertThat(last.accounts).as("no two-hop fan-out from a hub").isEmpty();
        assertThat(sizes).as("bytes every 100,000 accounts").allMatch(s -> s.equals(sizes.get(0)));
        assertThat(bytes.length).isLessThan(8_192);
    }

    @Test
    void aMerchantWithTenMillionBuyersStaysBoundedAndKeepsItsShares() {
        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        NodeAnswer last = null;
        List<Integer> sizes = new ArrayList<>();
        long tenMillion = 10_000_000;
        for (long a = 1; a <= tenMillion; a++) {
            // Ten million payments in a week from ten million buyers, every fourth one round.
            EdgeRequest r =
                    EdgeRequest.of(EdgeRequest.Op.UPDATE, "MERCHANT:m", "e", NOON + a * 60L, a);
            r.amountMinor = a % 4 == 0 ? 500_000 : 43_017;
            r.largeRound = a % 4 == 0;
            last = merchant.apply(r, SETTINGS);
            if (a % 1_000_000 == 0) {
                // Through the bytes now and then, as after a restore.
                merchant =
                        NodeStateSerializer.deserialize(
                                NodeKind.MERCHANT,
                                NodeStateSerializer.serialize(merchant),
                                SETTINGS);
                sizes.add(NodeStateSerializer.serialize(merchant).length);
            }
        }
        assertThat(last.value("merchant.hub")).isEqualTo(1);
        assertThat(last.value("merchant.buyers_24h")).isGreaterThanOrEqualTo(SETTINGS.nodeCap());
        // A quarter of the payments the node keeps (its last 64) are round: the share is at least
        // that sample's lower 95 % bound.
        assertThat(last.value("merchant.round_amount_share_24h"))
                .isCloseTo(NodeState.shareAtLeast(16, SETTINGS.eventCap()), within());
        assertThat(sizes).allMatch(s -> s.equals(sizes.get(0)));
        assertThat(sizes.get(0)).isLessThan(8_192);
    }

    @Test
    void anApplicationWithTenThousandContactPhonesTakesTheFirstFew() {
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            contacts.add("contact-" + i);
        }
        ApplicationEvent application =
                ApplicationEvent.newBuilder()
                        .setEventId("apply-1")
                        .setEventTime(Instant.ofEpochMilli(NOON))
                        .setType(ApplicationType.CREDIT_APPLICATION)
                        .setAccountId("acc-1")
                        .setPhoneHash("phone-1")
                        .setIdNumberHash("id-1")
                        .setContactPhoneHashes(contacts)
                        .setRequestedAmountMinor(1_000_000)
                        .build();
        AccountEvent event = AccountEvent.of(application, SETTINGS.maxContacts());
        AccountState account = new AccountState();
        AccountStep step = account.apply(event, SETTINGS);
        long contactRequests =
                step.requests.stream().filter(r -> r.node.startsWith("CONTACT:")).count();
        assertThat(contactRequests).isEqualTo(SETTINGS.maxContacts());
        assertThat(step.requests.size()).isLessThan(SETTINGS.maxContacts() + 20);
        assertThat(AccountStateSerializer.serialize(account).length).isLessThan(4_096);
    }

    @Test
    void anAccountHammeredForTwoWeeksKeepsItsStateBounded() {
        AccountState account = new AccountState();
        List<Integer> sizes = new ArrayList<>();
        // An event every 3 s for 14 days, over 5,000 devices and 7,000 merchants.
        for (int i = 1; i <= 400_000; i++) {
            AccountEvent e = new AccountEvent();
            e.eventId = "e-" + i;
            e.kind = org.fraudgraph.schema.EventKind.TRANSACTION;
            e.accountId = "acc-1";
            e.eventTimeMillis = NOON + Duration.ofSeconds(3).toMillis() * i;
            e.amountMinor = 10_000;
            e.subtype = "PAYMENT";
            e.nodes = new String[] {"DEVICE:d-" + (i % 5000), "MERCHANT:m-" + (i % 7000)};
            account.apply(e, SETTINGS);
            account = AccountStateSerializer.deserialize(AccountStateSerializer.serialize(account));
            if (i % 50_000 == 0) {
                sizes.add(AccountStateSerializer.serialize(account).length);
            }
        }
        // Past the longest window (7 days, about 200,000 events) the state stops growing.
        assertThat(sizes.subList(5, sizes.size())).allMatch(s -> s <= sizes.get(4) + 64);
        assertThat(sizes.get(sizes.size() - 1)).isLessThan(16_384);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.01);
    }
}
