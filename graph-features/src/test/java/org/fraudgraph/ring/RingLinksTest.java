package org.fraudgraph.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.ring.RingLink.Relation;
import org.junit.jupiter.api.Test;

class RingLinksTest {
    private static AccountPart part(String account, String event, long time) {
        AccountPart p = new AccountPart();
        p.accountId = account;
        p.eventId = event;
        p.eventTimeMillis = time;
        return p;
    }

    private static NodeAnswer device(int others, boolean emulator) {
        NodeAnswer a = new NodeAnswer();
        a.node = "DEVICE:d-1";
        a.others7d = others;
        a.shared = others > 0;
        a.accounts = new long[] {1, 2};
        a.ids = new int[] {FeatureCatalog.id("device.emulator")};
        a.values = new double[] {emulator ? 1 : 0};
        return a;
    }

    @Test
    void anUnsharedDeviceIsNoLink() {
        assertThat(
                        RingLinks.of(
                                part("acc-1", "e-1", 1_000),
                                List.of(device(0, true)),
                                0,
                                RingSettings.defaults()))
                .isEmpty();
    }

    @Test
    void aLateEventOnANodeSharedSinceIsStillALink() {
        NodeAnswer late = device(0, false);
        late.shared = true;
        assertThat(
                        RingLinks.of(
                                part("acc-1", "e-1", 1_000),
                                List.of(late),
                                0,
                                RingSettings.defaults()))
                .extracting(l -> l.accountId)
                .containsExactly("acc-1");
    }

    @Test
    void theEventThatSharesADeviceLinksBothAccountsEachWithItsOwnEvidence() {
        NodeAnswer answer = device(1, true);
        answer.firstUse = new NodeAnswer.Use("acc-1", "e-1", 1_000, 0, 0);
        List<RingLink> links =
                RingLinks.of(
                        part("acc-2", "e-2", 5_000), List.of(answer), 0.9, RingSettings.defaults());
        assertThat(links)
                .extracting(l -> l.relation, l -> l.accountId, l -> l.eventId, l -> l.timeMillis)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Relation.USES_DEVICE, "acc-2", "e-2", 5_000L),
                        org.assertj.core.groups.Tuple.tuple(
                                Relation.USES_DEVICE, "acc-1", "e-1", 1_000L));
        // Both are applied when the second account's event is: the same order on every run.
        assertThat(links).extracting(l -> l.reportedMillis).containsOnly(5_000L);
        assertThat(links).allMatch(l -> l.emulator && l.target.equals("DEVICE:d-1"));
    }

    @Test
    void anAccountRegisteredWithinTheWindowIsNewOnItsLinksAndOnItsHandedOverFirstUse() {
        long day = 86_400_000L;
        NodeAnswer answer = device(1, false);
        answer.firstUse = new NodeAnswer.Use("acc-1", "e-1", 10 * day, 3 * day + 1, 0);
        assertThat(
                        RingLinks.of(
                                registeredDaysAgo(part("acc-2", "e-2", 11 * day), 6.9),
                                List.of(answer),
                                0,
                                RingSettings.defaults()))
                .extracting(l -> l.accountId, l -> l.newAccount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acc-2", true),
                        org.assertj.core.groups.Tuple.tuple("acc-1", true));
        // The first user registered a week before its use, or was never seen registering.
        for (long registered : new long[] {3 * day - 1, 0}) {
            answer.firstUse = new NodeAnswer.Use("acc-1", "e-1", 10 * day, registered, 0);
            assertThat(
                            RingLinks.of(
                                    part("acc-2", "e-2", 11 * day),
                                    List.of(answer),
                                    0,
                                    RingSettings.defaults()))
                    .extracting(l -> l.newAccount)
                    .containsExactly(false, false);
        }
        // Registered before the window, or never seen registering: not new.
        for (AccountPart older :
                List.of(
                        registeredDaysAgo(part("acc-3", "e-3", 6_000), 7.1),
                        part("acc-4", "e-4", 6_000))) {
            assertThat(RingLinks.of(older, List.of(device(2, false)), 0, RingSettings.defaults()))
                    .extracting(l -> l.newAccount)
                    .containsExactly(false);
        }
    }

    private static NodeAnswer merchant(double roundShare, NodeAnswer.Use... earlier) {
        NodeAnswer a = new NodeAnswer();
        a.node = "MERCHANT:m-1";
        a.ids = new int[] {FeatureCatalog.id("merchant.round_amount_share_7d")};
        a.values = new double[] {roundShare};
        a.roundPayments = earlier;
        return a;
    }

    private static AccountPart payment(String account, String event, long time, boolean round) {
        AccountPart p = part(account, event, time);
        p.ids = new int[] {FeatureCatalog.id("payment.round_amount")};
        p.values = new double[] {round ? 1 : 0};
        p.amountMinor = round ? 500_000 : 43_017;
        return p;
    }

    @Test
    void theRoundPaymentsAMerchantHandsOverAreLinksOfTheirOwnEventsWhateverThisPayment() {
        NodeAnswer.Use first = new NodeAnswer.Use("acc-1", "e-1", 1_000, 500, 500_000);
        NodeAnswer.Use second = new NodeAnswer.Use("acc-2", "e-2", 2_000, 0, 300_000);
        for (boolean round : new boolean[] {true, false}) {
            List<RingLink> links =
                    RingLinks.of(
                            payment("acc-3", "e-3", 3_000, round),
                            List.of(merchant(0.44, first, second)),
                            0,
                            RingSettings.defaults());
            assertThat(links)
                    .extracting(
                            l -> l.relation,
                            l -> l.accountId,
                            l -> l.eventId,
                            l -> l.amountMinor,
                            l -> l.newAccount,
                            l -> l.reportedMillis)
                    .startsWith(
                            org.assertj.core.groups.Tuple.tuple(
                                    Relation.PAYS, "acc-1", "e-1", 500_000L, true, 3_000L),
                            org.assertj.core.groups.Tuple.tuple(
                                    Relation.PAYS, "acc-2", "e-2", 300_000L, false, 3_000L))
                    .hasSize(round ? 3 : 2);
            assertThat(links.get(0).evidence.merchantId()).isEqualTo("m-1");
        }
        assertThat(
                        RingLinks.of(
                                payment("acc-3", "e-3", 3_000, true),
                                List.of(merchant(0.30)),
                                0,
                                RingSettings.defaults()))
                .as("below the bar, nothing handed over")
                .isEmpty();
    }

    private static AccountPart registeredDaysAgo(AccountPart p, double days) {
        p.ids = new int[] {FeatureCatalog.id("account.registered_days_ago")};
        p.values = new double[] {days};
        return p;
    }

    private static NodeAnswer prefix(int accounts24h, int emulators24h) {
        NodeAnswer a = new NodeAnswer();
        a.node = "IP_PREFIX:45.77.9";
        a.ids =
                new int[] {
                    FeatureCatalog.id("ip_prefix.accounts_24h"),
                    FeatureCatalog.id("ip_prefix.emulator_accounts_24h")
                };
        a.values = new double[] {accounts24h, emulators24h};
        return a;
    }

    @Test
    void anEmulatorNetworkIsAFarmLinkButACarrierNetworkIsNot() {
        AccountPart event = part("acc-2", "e-2", 5_000);
        assertThat(
                        RingLinks.of(
                                event,
                                List.of(device(0, true), prefix(3, 2)),
                                0,
                                RingSettings.defaults()))
                .extracting(l -> l.relation, l -> l.target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Relation.EMULATOR_NETWORK, "IP_PREFIX:45.77.9"));
        assertThat(
                        RingLinks.of(
                                event,
                                List.of(device(0, false), prefix(3, 3)),
                                0,
                                RingSettings.defaults()))
                .as("the event's own device is no emulator")
                .isEmpty();
        assertThat(
                        RingLinks.of(
                                event,
                                List.of(device(0, true), prefix(40, 3)),
                                0,
                                RingSettings.defaults()))
                .as("a carrier network with a few rooted phones among many")
                .isEmpty();
        assertThat(
                        RingLinks.of(
                                event,
                                List.of(device(0, true), prefix(1, 1)),
                                0,
                                RingSettings.defaults()))
                .as("nobody else on the network")
                .isEmpty();
    }
}
