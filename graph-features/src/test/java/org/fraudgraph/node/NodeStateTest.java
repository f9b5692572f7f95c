package org.fraudgraph.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.util.ByteWriter;
import org.junit.jupiter.api.Test;

class NodeStateTest {
    private static final long NOON = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private static final FeatureSettings SETTINGS = FeatureSettings.defaults();

    private static long minutes(long m) {
        return NOON + Duration.ofMinutes(m).toMillis();
    }

    private static EdgeRequest update(String node, long account, long time) {
        return EdgeRequest.of(
                EdgeRequest.Op.UPDATE, node, "e-" + account + "-" + time, time, account);
    }

    private static NodeAnswer apply(NodeState state, EdgeRequest r) {
        return state.apply(r, SETTINGS);
    }

    @Test
    void aDeviceFarmShowsThirtyAccountsOnOneDeviceInAnHour() {
        NodeState device = NodeState.empty(NodeKind.DEVICE, SETTINGS);
        NodeAnswer last = null;
        for (int a = 1; a <= 30; a++) {
            last = apply(device, update("DEVICE:d", a, minutes(2 * a)));
        }
        assertThat(last.value("device.accounts_1h")).isEqualTo(30);
        assertThat(last.value("device.accounts_24h")).isEqualTo(30);
        assertThat(last.value("device.accounts_7d")).isEqualTo(30);
        assertThat(last.value("device.hub")).isZero();
        assertThat(last.others7d).isEqualTo(29);
        assertThat(last.accounts).hasSize(30).contains(1L, 30L);
    }

    @Test
    void windowsCountOnlyWhatIsInsideThemAndAWeekLaterItIsGone() {
        NodeState ip = NodeState.empty(NodeKind.IP, SETTINGS);
        apply(ip, update("IP:1.2.3.4", 1, minutes(-3 * 24 * 60)));
        apply(ip, update("IP:1.2.3.4", 2, minutes(-120)));
        NodeAnswer now = apply(ip, update("IP:1.2.3.4", 3, minutes(0)));
        assertThat(now.value("ip.accounts_1h")).isEqualTo(1);
        assertThat(now.value("ip.accounts_24h")).isEqualTo(2);
        assertThat(now.value("ip.accounts_7d")).isEqualTo(3);
        // IPs are not identity nodes: no two-hop answer.
        assertThat(now.others7d).isZero();
        assertThat(now.accounts).isEmpty();
        NodeAnswer weekLater = apply(ip, update("IP:1.2.3.4", 4, minutes(8 * 24 * 60)));
        assertThat(weekLater.value("ip.accounts_7d")).isEqualTo(1);
        assertThat(ip.expiresAtMillis(SETTINGS)).isEqualTo(minutes(15 * 24 * 60));
    }

    @Test
    void aNodePastItsCapIsAHubWithBoundedStateAndNoTwoHopSample() {
        FeatureSettings small = SETTINGS.withNodeCap(4);
        NodeState phone = NodeState.empty(NodeKind.PHONE, small);
        NodeAnswer last = null;
        for (int a = 1; a <= 6; a++) {
            last = phone.apply(update("PHONE:p", a, minutes(a)), small);
        }
        assertThat(last.value("phone.accounts_7d")).isEqualTo(4);
        assertThat(last.value("phone.hub")).isEqualTo(1);
        assertThat(last.accounts).isEmpty();
        assertThat(last.others7d).isEqualTo(3);
        int size = NodeStateSerializer.serialize(phone).length;
        for (int a = 7; a <= 1_000; a++) {
            phone.apply(update("PHONE:p", a, minutes(a)), small);
        }
        assertThat(phone.accountsHeld()).isEqualTo(4);
        assertThat(NodeStateSerializer.serialize(phone).length).isLessThanOrEqualTo(size + 64 * 32);
    }

    @Test
    void countsApplicationsOnAPhoneButNotOtherEvents() {
        NodeState phone = NodeState.empty(NodeKind.PHONE, SETTINGS);
        for (int a = 1; a <= 3; a++) {
            EdgeRequest r = update("PHONE:p", a, minutes(10 * a));
            r.application = true;
            apply(phone, r);
        }
        NodeAnswer login = apply(phone, update("PHONE:p", 9, minutes(40)));
        assertThat(login.value("phone.applications_1h")).isEqualTo(3);
        assertThat(login.value("phone.accounts_1h")).isEqualTo(4);
        EdgeRequest late = update("PHONE:p", 4, minutes(25 * 60));
        late.application = true;
        NodeAnswer dayLater = apply(phone, late);
        assertThat(dayLater.value("phone.applications_1h")).isEqualTo(1);
        assertThat(dayLater.value("phone.applications_24h")).isEqualTo(1);
        assertThat(dayLater.value("phone.applications_7d")).isEqualTo(4);
    }

    @Test
    void aMerchantKnowsItsNewBuyersItsRoundAmountsAndThoseLargeForTheirPayers() {
        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        long[] amounts = {43_017, 500_000, 499_000, 12_345, 9_900};
        // The round price of 99.00 is within its payer's usual range (the account stage says so):
        // round, but not large for its payer.
        boolean[] largeRound = {false, true, true, false, false};
        NodeAnswer last = null;
        for (int a = 0; a < amounts.length; a++) {
            EdgeRequest r = update("MERCHANT:m", a + 1, minutes(a));
            r.amountMinor = amounts[a];
            r.largeRound = largeRound[a];
            r.newAccount = a % 2 == 1;
            last = apply(merchant, r);
        }
        assertThat(last.value("merchant.buyers_1h")).isEqualTo(5);
        assertThat(last.value("merchant.new_buyer_share_24h")).isEqualTo(0.4);
        // Three of five payments round (the share is at least 0.23 with 95 % confidence), two of
        // them large for their payers (at least 0.12).
        assertThat(last.value("merchant.round_amount_share_24h"))
                .isCloseTo(NodeState.shareAtLeast(3, 5), within(1e-12))
                .isCloseTo(0.23, within(0.005));
        assertThat(last.value("merchant.round_amount_share_7d"))
                .isCloseTo(NodeState.shareAtLeast(3, 5), within(1e-12));
        assertThat(last.value("merchant.large_round_share_7d"))
                .isCloseTo(NodeState.shareAtLeast(2, 5), within(1e-12))
                .isCloseTo(0.12, within(0.005));
        assertThat(NodeState.shareAtLeast(1, 1)).isLessThan(0.25);
        assertThat(NodeState.shareAtLeast(30, 30)).isGreaterThan(0.88);
        assertThat(NodeState.shareAtLeast(0, 0)).isZero();
    }

    @Test
    void anEmulatorRegisteredMinutesBeforeAnApplicationIsVisible() {
        NodeState device = NodeState.empty(NodeKind.DEVICE, SETTINGS);
        EdgeRequest register = update("DEVICE:d", 1, minutes(0));
        register.emulator = true;
        apply(device, register);
        EdgeRequest application = update("DEVICE:d", 1, minutes(5));
        application.application = true;
        NodeAnswer answer = apply(device, application);
        assertThat(answer.value("device.emulator")).isEqualTo(1);
        assertThat(answer.value("device.rooted")).isZero();
        assertThat(answer.value("application.device_age_minutes")).isEqualTo(5);
        assertThat(answer.value("device.age_minutes")).isEqualTo(5);
        NodeAnswer payment = apply(device, update("DEVICE:d", 1, minutes(65)));
        assertThat(payment.value("application.device_age_minutes")).isNaN();
    }

    @Test
    void taintIsOneHopForAConfirmedNodeAndTwoForAConfirmedAccountAndFadesAway() {
        NodeState device = NodeState.empty(NodeKind.DEVICE, SETTINGS);
        apply(device, EdgeRequest.of(EdgeRequest.Op.TAINT, "DEVICE:d", "fb", minutes(0), 1));
        NodeAnswer week = apply(device, update("DEVICE:d", 2, minutes(7 * 24 * 60)));
        assertThat(week.taintDistance).isEqualTo(2);
        assertThat(week.taintAgeMillis).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(SETTINGS.taintWeight(week.taintAgeMillis)).isCloseTo(0.5, within(1e-12));

        apply(
                device,
                EdgeRequest.of(EdgeRequest.Op.CONFIRM, "DEVICE:d", "fb2", minutes(8 * 24 * 60), 0));
        NodeAnswer confirmed = apply(device, update("DEVICE:d", 2, minutes(9 * 24 * 60)));
        assertThat(confirmed.taintDistance).isEqualTo(1);
        assertThat(confirmed.taintAgeMillis).isEqualTo(Duration.ofDays(1).toMillis());

        NodeAnswer monthLater = apply(device, update("DEVICE:d", 2, minutes(40 * 24 * 60)));
        assertThat(monthLater.taintDistance).isZero();

        apply(
                device,
                EdgeRequest.of(
                        EdgeRequest.Op.CONFIRM, "DEVICE:d", "fb3", minutes(41 * 24 * 60), 0));
        apply(
                device,
                EdgeRequest.of(EdgeRequest.Op.CLEAR, "DEVICE:d", "fb4", minutes(42 * 24 * 60), 0));
        assertThat(apply(device, update("DEVICE:d", 2, minutes(43 * 24 * 60))).taintDistance)
                .isZero();
    }

    @Test
    void anEdgeFromAConfirmedAccountTaintsTheNodeForOthers() {
        NodeState card = NodeState.empty(NodeKind.BANK_CARD, SETTINGS);
        EdgeRequest fraudster = update("BANK_CARD:c", 1, minutes(60));
        fraudster.accountConfirmedMillis = minutes(0);
        apply(card, fraudster);
        NodeAnswer other = apply(card, update("BANK_CARD:c", 2, minutes(120)));
        assertThat(other.taintDistance).isEqualTo(2);
        assertThat(other.taintAgeMillis).isEqualTo(Duration.ofMinutes(120).toMillis());
    }

    @Test
    void merchantsAndIpsDoNotCarryAConfirmedAccountsTaint() {
        for (String key : new String[] {"MERCHANT:m", "IP:10.0.0.1", "EMPLOYER:e"}) {
            NodeState node = NodeState.empty(NodeKind.ofKey(key), SETTINGS);
            EdgeRequest fraudster = update(key, 1, minutes(60));
            fraudster.accountConfirmedMillis = minutes(0);
            apply(node, fraudster);
            assertThat(apply(node, update(key, 2, minutes(120))).taintDistance).as(key).isZero();
        }
    }

    @Test
    void burstFollowsMidasRWithExactCounts() {
        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        assertThat(apply(merchant, update("MERCHANT:m", 1, minutes(0))).burst).isZero();
        // Tick 2: current = 1 * 0.5 + 1 = 1.5, total 2, t = 2: (1.5 - 1)^2 * 4 / (2 * 1) = 0.5.
        assertThat(apply(merchant, update("MERCHANT:m", 1, minutes(1))).burst)
                .isCloseTo(0.5, within(1e-12));
        NodeState steady = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        double quiet = 0;
        for (int m = 0; m < 60; m++) {
            quiet = apply(steady, update("MERCHANT:m", 1, minutes(m))).burst;
        }
        double burst = 0;
        for (int i = 0; i < 30; i++) {
            burst = apply(steady, update("MERCHANT:m", 1, minutes(60))).burst;
        }
        assertThat(quiet).isLessThan(2);
        assertThat(burst).isGreaterThan(100);
    }

    @Test
    void aQueryAnswersTwoHopWithoutCounting() {
        NodeState contact = NodeState.empty(NodeKind.CONTACT, SETTINGS);
        apply(contact, update("CONTACT:c", 1, minutes(0)));
        apply(contact, update("CONTACT:c", 2, minutes(1)));
        NodeAnswer query =
                apply(
                        contact,
                        EdgeRequest.of(EdgeRequest.Op.QUERY, "CONTACT:c", "q", minutes(2), 1));
        assertThat(query.query).isTrue();
        assertThat(query.ids).isEmpty();
        assertThat(query.others7d).isEqualTo(1);
        assertThat(query.others24h).isEqualTo(1);
        assertThat(query.accounts).containsExactly(1L, 2L);
        assertThat(contact.accountsHeld()).isEqualTo(2);
    }

    @Test
    void oneScratchWriterServesEveryNodeAndLeavesEarlierBytesAlone() {
        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        for (int a = 1; a <= 40; a++) {
            merchant.apply(update("MERCHANT:m", a, minutes(a)), SETTINGS);
        }
        NodeState device = NodeState.empty(NodeKind.DEVICE, SETTINGS);
        device.apply(update("DEVICE:d", 1, minutes(1)), SETTINGS);
        // Exactly the merchant's size: a writer that handed out its own full array would be caught.
        ByteWriter scratch = new ByteWriter(NodeStateSerializer.serialize(merchant).length);

        byte[] big = NodeStateSerializer.serialize(merchant, scratch);
        byte[] bigAgain = big.clone();
        byte[] small = NodeStateSerializer.serialize(device, scratch);
        byte[] exact = NodeStateSerializer.serialize(merchant, scratch);

        assertThat(big).isEqualTo(NodeStateSerializer.serialize(merchant));
        assertThat(small).isEqualTo(NodeStateSerializer.serialize(device));
        assertThat(exact).isEqualTo(NodeStateSerializer.serialize(merchant)).isNotSameAs(big);
        // The writer was reused for the device: the merchant's bytes handed out before are a copy,
        // untouched by the device written after them.
        assertThat(big).isEqualTo(bigAgain);
        assertThat(small.length).isLessThan(big.length);
    }

    @Test
    void survivesItsByteFormat() {
        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        for (int a = 1; a <= 5; a++) {
            EdgeRequest r = update("MERCHANT:m", a, minutes(a));
            r.amountMinor = 100_000 * a;
            r.newAccount = a == 3;
            merchant.apply(r, SETTINGS);
        }
        NodeState copy =
                NodeStateSerializer.deserialize(
                        NodeKind.MERCHANT, NodeStateSerializer.serialize(merchant), SETTINGS);
        assertThat(NodeStateSerializer.serialize(copy))
                .isEqualTo(NodeStateSerializer.serialize(merchant));
        NodeAnswer a = merchant.apply(update("MERCHANT:m", 9, minutes(9)), SETTINGS);
        NodeAnswer b = copy.apply(update("MERCHANT:m", 9, minutes(9)), SETTINGS);
        assertThat(b.ids).containsExactly(a.ids);
        assertThat(b.values).containsExactly(a.values);
        assertThat(b.burst).isEqualTo(a.burst);
        assertThat(NodeStateSerializer.deserialize(NodeKind.DEVICE, null, SETTINGS).accountsHeld())
                .isZero();
    }

    private static EdgeRequest use(String node, String accountId, long time) {
        EdgeRequest r = update(node, org.fraudgraph.graph.Keys.hash64(accountId), time);
        r.accountId = accountId;
        return r;
    }

    @Test
    void theSecondAccountOnADeviceBringsTheFirstAccountsLatestUseOnce() {
        NodeState device = NodeState.empty(NodeKind.DEVICE, SETTINGS);
        assertThat(apply(device, use("DEVICE:d", "acc-1", minutes(0))).firstUse).isNull();
        assertThat(apply(device, use("DEVICE:d", "acc-1", minutes(5))).firstUse).isNull();
        // A late, older event of the same account does not replace the latest use.
        assertThat(apply(device, use("DEVICE:d", "acc-1", minutes(3))).firstUse).isNull();
        // Through the byte format, as the job stores it between events.
        device =
                NodeStateSerializer.deserialize(
                        NodeKind.DEVICE, NodeStateSerializer.serialize(device), SETTINGS);

        NodeAnswer second = apply(device, use("DEVICE:d", "acc-2", minutes(9)));
        assertThat(second.others7d).isEqualTo(1);
        assertThat(second.firstUse)
                .isEqualTo(
                        new NodeAnswer.Use(
                                "acc-1",
                                "e-" + org.fraudgraph.graph.Keys.hash64("acc-1") + "-" + minutes(5),
                                minutes(5),
                                0,
                                0));
        // Handed over once: the shared node's later events link themselves.
        assertThat(apply(device, use("DEVICE:d", "acc-1", minutes(10))).firstUse).isNull();
        assertThat(apply(device, use("DEVICE:d", "acc-3", minutes(11))).firstUse).isNull();
    }

    @Test
    void aNodeAloneAgainAfterAWeekStartsOverAndMerchantsHandNothingOver() {
        NodeState phone = NodeState.empty(NodeKind.PHONE, SETTINGS);
        apply(phone, use("PHONE:p", "acc-1", minutes(0)));
        apply(phone, use("PHONE:p", "acc-2", minutes(1)));
        long weekLater = minutes(8 * 24 * 60);
        assertThat(apply(phone, use("PHONE:p", "acc-3", weekLater)).firstUse).isNull();
        assertThat(apply(phone, use("PHONE:p", "acc-4", weekLater + 60_000)).firstUse)
                .extracting(NodeAnswer.Use::accountId)
                .isEqualTo("acc-3");

        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        apply(merchant, use("MERCHANT:m", "acc-1", minutes(0)));
        assertThat(apply(merchant, use("MERCHANT:m", "acc-2", minutes(1))).firstUse).isNull();
    }

    @Test
    void theFirstUseHandedOverSaysWhenItsAccountRegisteredThroughTheBytes() {
        NodeState phone = NodeState.empty(NodeKind.PHONE, SETTINGS);
        EdgeRequest first = use("PHONE:p", "acc-1", minutes(0));
        first.registeredMillis = minutes(-30);
        apply(phone, first);
        phone =
                NodeStateSerializer.deserialize(
                        NodeKind.PHONE, NodeStateSerializer.serialize(phone), SETTINGS);
        assertThat(apply(phone, use("PHONE:p", "acc-2", minutes(1))).firstUse)
                .extracting(NodeAnswer.Use::accountId, NodeAnswer.Use::registeredMillis)
                .containsExactly("acc-1", minutes(-30));
    }

    private static EdgeRequest pays(String accountId, long time, long amountMinor) {
        EdgeRequest r = use("MERCHANT:m", accountId, time);
        r.amountMinor = amountMinor;
        r.roundPayment = org.fraudgraph.feature.Amounts.round(amountMinor);
        r.registeredMillis = minutes(-60);
        return r;
    }

    @Test
    void aMerchantHandsOverItsRoundPaymentsOnceItsShareReachesTheBar() {
        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        NodeAnswer one = apply(merchant, pays("acc-1", minutes(0), 500_000));
        NodeAnswer two = apply(merchant, pays("acc-2", minutes(1), 300_000));
        assertThat(one.value("merchant.round_amount_share_7d"))
                .isLessThan(NodeState.ROUND_MERCHANT_SHARE);
        assertThat(two.value("merchant.round_amount_share_7d"))
                .isLessThan(NodeState.ROUND_MERCHANT_SHARE);
        assertThat(one.roundPayments).isEmpty();
        assertThat(two.roundPayments).isEmpty();
        // Kept through the byte format, as the job stores it between events.
        merchant =
                NodeStateSerializer.deserialize(
                        NodeKind.MERCHANT, NodeStateSerializer.serialize(merchant), SETTINGS);

        NodeAnswer third = apply(merchant, pays("acc-3", minutes(2), 200_000));
        assertThat(third.value("merchant.round_amount_share_7d"))
                .isGreaterThanOrEqualTo(NodeState.ROUND_MERCHANT_SHARE);
        assertThat(third.roundPayments)
                .extracting(
                        NodeAnswer.Use::accountId,
                        NodeAnswer.Use::timeMillis,
                        NodeAnswer.Use::amountMinor,
                        NodeAnswer.Use::registeredMillis)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "acc-1", minutes(0), 500_000L, minutes(-60)),
                        org.assertj.core.groups.Tuple.tuple(
                                "acc-2", minutes(1), 300_000L, minutes(-60)));
        // Once: the payments from now on are links themselves.
        assertThat(apply(merchant, pays("acc-4", minutes(3), 100_000)).roundPayments).isEmpty();
    }

    @Test
    void aMerchantKeepsOnlyItsLatestRoundPaymentsOfTheWeekAndNoneThatAreNotRound() {
        NodeState merchant = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        // An ordinary merchant: prices with cents, now and then a round one.
        int minute = 0;
        for (int i = 0; i < 40; i++) {
            apply(merchant, pays("buyer-" + i, minutes(minute++), 4_317 + i));
            if (i % 3 == 0) {
                apply(merchant, pays("round-" + i, minutes(minute++), 100_000));
            }
        }
        EdgeRequest notForItsPayer = pays("big-spender", minutes(minute++), 100_000);
        notForItsPayer.roundPayment = false;
        apply(merchant, notForItsPayer);
        // Then a week later, a crew pays round sums only.
        long later = minutes(8 * 24 * 60);
        NodeAnswer answer = null;
        for (int i = 0; answer == null || answer.roundPayments.length == 0; i++) {
            assertThat(i).as("reaches the bar").isLessThan(10);
            answer = apply(merchant, pays("crew-" + i, later + minutes(i), 500_000));
        }
        assertThat(answer.roundPayments)
                .hasSizeLessThanOrEqualTo(NodeState.ROUND_PAYMENTS_KEPT)
                .extracting(NodeAnswer.Use::accountId)
                .allMatch(a -> a.startsWith("crew-"));
        // A busy ordinary merchant is out of reach of the bar and keeps nothing: a crew's round
        // payments there are handed over only from when the bar came within reach.
        NodeState busy = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        for (int i = 0; i < 200; i++) {
            apply(busy, pays("buyer-" + i, minutes(i), i % 5 == 0 ? 100_000 : 4_317 + i));
        }
        NodeState read =
                NodeStateSerializer.deserialize(
                        NodeKind.MERCHANT, NodeStateSerializer.serialize(busy), SETTINGS);
        NodeAnswer crossing = null;
        for (int i = 0; crossing == null || crossing.roundPayments.length == 0; i++) {
            assertThat(i).as("reaches the bar").isLessThan(400);
            crossing = apply(read, pays("crew-" + i, minutes(300 + i), 500_000));
        }
        assertThat(crossing.roundPayments)
                .isNotEmpty()
                .extracting(NodeAnswer.Use::accountId)
                .allMatch(a -> a.startsWith("crew-"));
        // A merchant whose share climbs slowly (every other payment round) keeps the latest as
        // many as its bound, the oldest dropped.
        NodeState slow = NodeState.empty(NodeKind.MERCHANT, SETTINGS);
        NodeAnswer reached = null;
        int at = 0;
        for (; reached == null || reached.roundPayments.length == 0; at++) {
            assertThat(at).as("reaches the bar").isLessThan(60);
            reached =
                    apply(
                            slow,
                            pays("payer-" + at, minutes(at), at % 2 == 0 ? 100_000 : 4_317 + at));
        }
        int crossed = at - 1;
        int roundBefore = (crossed + 1) / 2;
        assertThat(roundBefore)
                .as("more than it keeps")
                .isGreaterThan(NodeState.ROUND_PAYMENTS_KEPT);
        List<Long> latest = new java.util.ArrayList<>();
        for (int i = crossed - 1; latest.size() < NodeState.ROUND_PAYMENTS_KEPT; i--) {
            if (i % 2 == 0) {
                latest.add(0, minutes(i));
            }
        }
        assertThat(reached.roundPayments)
                .extracting(NodeAnswer.Use::timeMillis)
                .containsExactlyElementsOf(latest);
    }

    @Test
    void aNetworkCountsTheAccountsThatCameOnEmulatorsAndKeepsThemThroughItsBytes() {
        NodeState net = NodeState.empty(NodeKind.IP_PREFIX, SETTINGS);
        for (int a = 1; a <= 3; a++) {
            EdgeRequest r = update("IP_PREFIX:45.77.9.0/24", a, minutes(a));
            r.emulator = a != 2;
            apply(net, r);
        }
        net =
                NodeStateSerializer.deserialize(
                        NodeKind.IP_PREFIX, NodeStateSerializer.serialize(net), SETTINGS);
        NodeAnswer answer = apply(net, update("IP_PREFIX:45.77.9.0/24", 4, minutes(10)));
        assertThat(answer.value("ip_prefix.accounts_24h")).isEqualTo(4.0);
        assertThat(answer.value("ip_prefix.emulator_accounts_24h")).isEqualTo(2.0);
        NodeAnswer nextDay = apply(net, update("IP_PREFIX:45.77.9.0/24", 4, minutes(26 * 60)));
        assertThat(nextDay.value("ip_prefix.emulator_accounts_24h")).isZero();
    }

    @Test
    void aLateEventSeesItsOwnTimeInItsCountsButKnowsTheNodeIsShared() {
        NodeState device = NodeState.empty(NodeKind.DEVICE, SETTINGS);
        assertThat(apply(device, use("DEVICE:d", "acc-2", minutes(5))).shared).isFalse();
        NodeAnswer late = apply(device, use("DEVICE:d", "acc-1", minutes(2)));
        assertThat(late.others7d).as("as of its own time").isZero();
        assertThat(late.shared).as("acc-2 used it since").isTrue();
        assertThat(late.firstUse).as("acc-2's use handed over").isNotNull();
    }

    @Test
    void everyAccountThatJoinsAFullDeviceIsCountedAndHubFlaggedAndTheAnswerCarriesItsAccount() {
        NodeState device = NodeState.empty(NodeKind.DEVICE, SETTINGS);
        int cap = SETTINGS.nodeCap();
        for (int a = 1; a <= cap; a++) {
            apply(device, update("DEVICE:d", a, minutes(a)));
        }
        for (int a = cap + 1; a <= cap + 500; a++) {
            NodeAnswer joined = apply(device, update("DEVICE:d", a, minutes(a)));
            assertThat(joined.value("device.hub")).isEqualTo(1);
            // The newcomer is one of the accounts kept: the oldest one made room for it.
            assertThat(joined.value("device.accounts_24h")).isEqualTo(cap);
            assertThat(joined.others7d).isEqualTo(cap - 1);
            assertThat(joined.account).isEqualTo(a);
        }
        assertThat(device.accountsHeld()).isEqualTo(cap);
    }
}
