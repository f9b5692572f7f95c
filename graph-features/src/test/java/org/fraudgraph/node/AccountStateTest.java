package org.fraudgraph.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.graph.Keys;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.util.ByteWriter;
import org.junit.jupiter.api.Test;

class AccountStateTest {
    private static final long NOON = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private static final FeatureSettings SETTINGS = FeatureSettings.defaults();

    private static long minutes(long m) {
        return NOON + Duration.ofMinutes(m).toMillis();
    }

    private static AccountEvent event(
            EventKind kind, long time, long amount, String city, String... nodes) {
        AccountEvent e =
                new AccountEvent(
                        "e" + time, kind, "acc-1", time, amount, AccountEvent.Feedback.NONE);
        e.nodes = nodes;
        e.city = city;
        return e;
    }

    private static Map<String, Double> features(AccountStep step) {
        return step.features();
    }

    @Test
    void velocityCountsEventsAndMoneyInEachWindow() {
        AccountState account = new AccountState();
        account.apply(event(EventKind.TRANSACTION, minutes(-3 * 24 * 60), 10_000, null), SETTINGS);
        account.apply(event(EventKind.TRANSACTION, minutes(-180), 20_000, null), SETTINGS);
        account.apply(event(EventKind.TRANSACTION, minutes(-30), 30_000, null), SETTINGS);
        Map<String, Double> f =
                features(
                        account.apply(
                                event(EventKind.TRANSACTION, minutes(0), 40_000, null), SETTINGS));
        assertThat(f)
                .containsEntry("account.events_1h", 2.0)
                .containsEntry("account.amount_1h_minor", 70_000.0)
                .containsEntry("account.events_24h", 3.0)
                .containsEntry("account.amount_24h_minor", 90_000.0)
                .containsEntry("account.events_7d", 4.0)
                .containsEntry("account.amount_7d_minor", 100_000.0)
                .containsEntry("account.age_days", 3.0)
                .containsEntry("account.confirmed_fraud", 0.0);
    }

    private static AccountEvent payment(long time, long amount) {
        AccountEvent e = event(EventKind.TRANSACTION, time, amount, null, "MERCHANT:m");
        e.subtype = "PAYMENT";
        return e;
    }

    /** Four payments of about 300.00 over a day, then {@code last}; the last step's features. */
    private static Map<String, Double> afterHabit(long scale, long last, AccountState account) {
        long[] habit = {30_017, 28_350, 31_210, 29_990};
        for (int i = 0; i < habit.length; i++) {
            account.apply(payment(minutes(-24 * 60 + i * 300), habit[i] * scale), SETTINGS);
        }
        account.apply(payment(minutes(-20), 250_013 * scale), SETTINGS);
        return features(account.apply(payment(minutes(0), last * scale), SETTINGS));
    }

    @Test
    void moneyCountsInTheAccountsOwnUnitsTheSameInEveryCurrencyScale() {
        Map<String, Double> fen = afterHabit(1, 500_000, new AccountState());
        for (long scale : new long[] {100, 10_000}) {
            Map<String, Double> other = afterHabit(scale, 500_000, new AccountState());
            for (String name :
                    List.of(
                            "account.amount_1h_relative",
                            "event.amount_relative",
                            "payment.round_amount")) {
                assertThat(other.get(name)).as(name).isCloseTo(fen.get(name), within(1e-9));
            }
        }
        // 2,500.13 and 5,000.00 in the hour against a habit of about 300.00 (its geometric mean,
        // which the 2,500.13 joined).
        assertThat(fen.get("account.amount_1h_relative")).isBetween(15.0, 25.0);
        assertThat(fen.get("event.amount_relative")).isBetween(10.0, 15.0);
        assertThat(fen).containsEntry("payment.round_amount", 1.0);
    }

    @Test
    void aRoundAmountCountsOnlyWhenItIsLargeForTheAccount() {
        // 100.00 is round, but small for an account that pays about 300.00.
        assertThat(afterHabit(1, 10_000, new AccountState()))
                .containsEntry("payment.round_amount", 0.0);
        // An account with no habit yet has nothing to compare with: its round amounts count.
        AccountState fresh = new AccountState();
        assertThat(features(fresh.apply(payment(minutes(0), 10_000), SETTINGS)))
                .containsEntry("payment.round_amount", 1.0)
                .doesNotContainKey("account.amount_1h_relative")
                .doesNotContainKey("event.amount_relative");
        // A repayment is not the account's own choice of amount and sets no habit.
        AccountState repaying = new AccountState();
        for (int i = 0; i < 5; i++) {
            AccountEvent e = event(EventKind.TRANSACTION, minutes(i), 1_000_000, null);
            e.subtype = "REPAYMENT";
            repaying.apply(e, SETTINGS);
        }
        assertThat(features(repaying.apply(payment(minutes(10), 30_000), SETTINGS)))
                .doesNotContainKey("event.amount_relative");
    }

    /** Whether the step's update of the merchant says the payment is round and large. */
    private static boolean largeRound(AccountStep step) {
        return step.requests.stream()
                .filter(r -> r.op == EdgeRequest.Op.UPDATE && r.node.equals("MERCHANT:m"))
                .findFirst()
                .orElseThrow()
                .largeRound;
    }

    @Test
    void aRoundPriceWithinTheAccountsUsualRangeIsNotLargeForTheMerchant() {
        // An account that pays from 20.00 to 3,000.00: a sale price of 999.00 is above its typical
        // amount (about 250.00), so a round payment for the account's own score, but one of its
        // ordinary amounts, so not a large round one for the merchant's share; 20,000.00 drawn is.
        long[] habit = {2_013, 8_517, 31_210, 120_040, 299_930, 15_020, 64_110, 28_350};
        AccountState account = new AccountState();
        for (int i = 0; i < habit.length; i++) {
            account.apply(payment(minutes(-24 * 60 + i * 100), habit[i]), SETTINGS);
        }
        AccountStep sale = account.apply(payment(minutes(0), 99_900), SETTINGS);
        assertThat(features(sale).get("event.amount_relative")).isGreaterThan(1.0);
        assertThat(features(sale)).containsEntry("payment.round_amount", 1.0);
        assertThat(largeRound(sale)).isFalse();
        AccountStep draw = account.apply(payment(minutes(5), 2_000_000), SETTINGS);
        assertThat(features(draw)).containsEntry("payment.round_amount", 1.0);
        assertThat(largeRound(draw)).isTrue();
        // Not round, however large: not marked.
        assertThat(largeRound(account.apply(payment(minutes(6), 2_000_017), SETTINGS))).isFalse();
        // An account with no habit yet has nothing to compare with: its round amounts count.
        assertThat(largeRound(new AccountState().apply(payment(minutes(0), 99_900), SETTINGS)))
                .isTrue();
    }

    @Test
    void theTypicalAmountAndItsSpreadSurviveTheByteFormat() {
        AccountState account = new AccountState();
        Map<String, Double> kept = afterHabit(1, 500_000, account);
        AccountState read =
                AccountStateSerializer.deserialize(AccountStateSerializer.serialize(account));
        AccountState again = new AccountState();
        afterHabit(1, 500_000, again);
        assertThat(features(read.apply(payment(minutes(5), 40_000), SETTINGS)))
                .isEqualTo(features(again.apply(payment(minutes(5), 40_000), SETTINGS)));
        assertThat(kept).containsKey("account.amount_1h_relative");
        // 1,000.00 is above the account's typical amount and within the spread its 300.00s, its
        // 2,500.13 and its 5,000.00 make: not large, as long as the bytes keep the spread.
        AccountStep within = read.apply(payment(minutes(6), 100_000), SETTINGS);
        assertThat(features(within).get("event.amount_relative")).isGreaterThan(1.0);
        assertThat(largeRound(within)).isFalse();
    }

    @Test
    void countsDistinctDevicesAndIpsAndSaysWhatIsNew() {
        AccountState account = new AccountState();
        Map<String, Double> first =
                features(
                        account.apply(
                                event(
                                        EventKind.TRANSACTION,
                                        minutes(0),
                                        0,
                                        "Hangzhou",
                                        "DEVICE:d1",
                                        "IP:1.1.1.1",
                                        "MERCHANT:m"),
                                SETTINGS));
        assertThat(first)
                .containsEntry("novelty.new_device", 1.0)
                .containsEntry("novelty.new_city", 1.0)
                .containsEntry("novelty.new_merchant", 1.0);
        account.apply(
                event(EventKind.DEVICE, minutes(-2 * 24 * 60), 0, null, "DEVICE:d2", "IP:2.2.2.2"),
                SETTINGS);
        Map<String, Double> again =
                features(
                        account.apply(
                                event(
                                        EventKind.TRANSACTION,
                                        minutes(10),
                                        0,
                                        "Hangzhou",
                                        "DEVICE:d1",
                                        "IP:3.3.3.3",
                                        "MERCHANT:m"),
                                SETTINGS));
        assertThat(again)
                .containsEntry("novelty.new_device", 0.0)
                .containsEntry("novelty.new_city", 0.0)
                .containsEntry("novelty.new_merchant", 0.0)
                .containsEntry("account.devices_1h", 1.0)
                .containsEntry("account.devices_7d", 2.0)
                .containsEntry("account.ips_1h", 2.0)
                .containsEntry("account.ips_24h", 2.0)
                .containsEntry("account.ips_7d", 3.0);
        Map<String, Double> noDevice =
                features(
                        account.apply(
                                event(EventKind.TRANSACTION, minutes(11), 0, null), SETTINGS));
        assertThat(noDevice).doesNotContainKeys("novelty.new_device", "novelty.new_city");
    }

    @Test
    void anEventUpdatesItsOwnNodesAndQueriesTheAccountsOtherIdentities() {
        AccountState account = new AccountState();
        AccountStep application =
                account.apply(
                        event(
                                EventKind.APPLICATION,
                                minutes(0),
                                0,
                                null,
                                "PHONE:p",
                                "CONTACT:c",
                                "IP:1.1.1.1"),
                        SETTINGS);
        assertThat(application.requests)
                .allSatisfy(
                        r -> {
                            assertThat(r.op).isEqualTo(EdgeRequest.Op.UPDATE);
                            assertThat(r.application).isTrue();
                            assertThat(r.account).isEqualTo(Keys.hash64("acc-1"));
                            assertThat(r.newAccount).isTrue();
                        });
        assertThat(application.answersExpected()).isEqualTo(3);
        AccountStep payment =
                account.apply(
                        event(
                                EventKind.TRANSACTION,
                                minutes(60),
                                5_000,
                                null,
                                "DEVICE:d",
                                "PHONE:p",
                                "MERCHANT:m"),
                        SETTINGS);
        assertThat(payment.requests)
                .extracting(r -> r.op + " " + r.node)
                .containsExactlyInAnyOrder(
                        "QUERY CONTACT:c",
                        "UPDATE DEVICE:d",
                        "UPDATE PHONE:p",
                        "UPDATE MERCHANT:m");
        AccountStep eightDaysLater =
                account.apply(
                        event(EventKind.TRANSACTION, minutes(8 * 24 * 60 + 61), 0, null), SETTINGS);
        assertThat(eightDaysLater.requests).isEmpty();
    }

    @Test
    void aConfirmedAccountTaintsItsIdentityNodesAndCarriesTheMark() {
        AccountState account = new AccountState();
        account.apply(
                event(EventKind.DEVICE, minutes(0), 0, null, "DEVICE:d", "PHONE:p", "IP:1.1.1.1"),
                SETTINGS);
        AccountStep step =
                account.apply(
                        feedback(minutes(30), AccountEvent.Feedback.CONFIRMED_FRAUD), SETTINGS);
        assertThat(step.requests)
                .extracting(r -> r.op + " " + r.node)
                .containsExactlyInAnyOrder("TAINT DEVICE:d", "TAINT PHONE:p");
        assertThat(step.answersExpected()).isZero();
        assertThat(step.ids()).isEmpty();
        AccountStep next =
                account.apply(
                        event(EventKind.TRANSACTION, minutes(60), 0, null, "DEVICE:d"), SETTINGS);
        assertThat(features(next)).containsEntry("account.confirmed_fraud", 1.0);
        assertThat(next.confirmedAtMillis).isEqualTo(minutes(30));
        assertThat(next.requests.get(next.requests.size() - 1).accountConfirmedMillis)
                .isEqualTo(minutes(30));
        assertThat(account.expiresAtMillis(SETTINGS))
                .isEqualTo(minutes(60) + Duration.ofDays(30).toMillis());
        account.apply(feedback(minutes(90), AccountEvent.Feedback.CLEARED), SETTINGS);
        assertThat(account.confirmedFraud()).isFalse();
    }

    @Test
    void aChargebackNeitherMarksNorClearsTheAccount() {
        AccountState account = new AccountState();
        account.apply(
                event(EventKind.DEVICE, minutes(0), 0, null, "DEVICE:d", "PHONE:p"), SETTINGS);
        AccountStep disputed =
                account.apply(feedback(minutes(30), AccountEvent.Feedback.DISPUTED), SETTINGS);
        // The victim's own device and phone are not tainted, its next event is not confirmed.
        assertThat(disputed.requests).isEmpty();
        AccountStep next =
                account.apply(
                        event(EventKind.TRANSACTION, minutes(60), 0, null, "DEVICE:d"), SETTINGS);
        assertThat(features(next)).containsEntry("account.confirmed_fraud", 0.0);
        // Nor does it lift an investigator's confirmation.
        account.apply(feedback(minutes(90), AccountEvent.Feedback.CONFIRMED_FRAUD), SETTINGS);
        account.apply(feedback(minutes(120), AccountEvent.Feedback.DISPUTED), SETTINGS);
        assertThat(account.confirmedFraud()).isTrue();
    }

    private static AccountEvent feedback(long t, AccountEvent.Feedback verdict) {
        return new AccountEvent("fb" + t, EventKind.FEEDBACK, "acc-1", t, 0, verdict);
    }

    @Test
    void survivesItsByteFormat() {
        AccountState account = new AccountState();
        List<String> nodes = Arrays.asList("DEVICE:d", "PHONE:p", "IP:1.1.1.1", "MERCHANT:m");
        for (int i = 0; i < 20; i++) {
            account.apply(
                    event(
                            EventKind.TRANSACTION,
                            minutes(7 * i),
                            1_000 * i,
                            "c" + (i % 3),
                            nodes.toArray(String[]::new)),
                    SETTINGS);
        }
        AccountState copy =
                AccountStateSerializer.deserialize(AccountStateSerializer.serialize(account));
        assertThat(AccountStateSerializer.serialize(copy))
                .isEqualTo(AccountStateSerializer.serialize(account));
        ByteWriter scratch = new ByteWriter(16);
        byte[] first = AccountStateSerializer.serialize(account, scratch);
        assertThat(AccountStateSerializer.serialize(new AccountState(), scratch))
                .isEqualTo(AccountStateSerializer.serialize(new AccountState()));
        assertThat(first).isEqualTo(AccountStateSerializer.serialize(account));
        AccountEvent next = event(EventKind.TRANSACTION, minutes(200), 7, "c9", "DEVICE:x");
        assertThat(features(copy.apply(next, SETTINGS)))
                .isEqualTo(features(account.apply(next, SETTINGS)));
        assertThat(AccountStateSerializer.serialize(account).length).isLessThan(1024);
    }

    @Test
    void anAccountSeenRegisteringSaysHowLongAgoOnEveryEventAndKeepsItInItsBytes() {
        AccountState account = new AccountState();
        Map<String, Double> before =
                features(
                        account.apply(
                                event(EventKind.TRANSACTION, minutes(0), 100, null), SETTINGS));
        assertThat(before).doesNotContainKey("account.registered_days_ago");
        AccountEvent register = event(EventKind.DEVICE, minutes(60), 0, null, "DEVICE:d");
        register.subtype = "REGISTER";
        assertThat(features(account.apply(register, SETTINGS)))
                .containsEntry("account.registered_days_ago", 0.0);
        AccountState read =
                AccountStateSerializer.deserialize(AccountStateSerializer.serialize(account));
        AccountEvent again = event(EventKind.DEVICE, minutes(60 + 2 * 1_440), 0, null, "DEVICE:d");
        again.subtype = "REGISTER";
        // A second registration event does not make the account younger.
        assertThat(features(read.apply(again, SETTINGS)))
                .containsEntry("account.registered_days_ago", 2.0);
    }

    @Test
    void anAccountThePlatformSaysIsOldIsOldTheFirstTimeTheJobMeetsIt() {
        AccountState account = new AccountState();
        AccountEvent said = first(minutes(0));
        said.accountCreatedMillis = minutes(-400 * 1_440);
        AccountStep step = account.apply(said, SETTINGS);
        assertThat(features(step))
                .containsEntry("account.age_days", 400.0)
                .containsEntry("account.seen_days", 0.0)
                .containsEntry("account.registered_days_ago", 400.0);
        // Not a new account to the nodes it uses (a merchant's new buyers, a device's new
        // accounts).
        assertThat(step.requests).allMatch(r -> !r.newAccount);
        // The job's own count goes on from its first event; a later event that does not say keeps
        // the age.
        AccountState read =
                AccountStateSerializer.deserialize(AccountStateSerializer.serialize(account));
        assertThat(features(read.apply(payment(minutes(1_440), 10_000), SETTINGS)))
                .containsEntry("account.age_days", 401.0)
                .containsEntry("account.seen_days", 1.0);
        // Without a creation time, an account the job meets is as new as the job knows it.
        AccountStep unsaid = new AccountState().apply(first(minutes(0)), SETTINGS);
        assertThat(features(unsaid))
                .containsEntry("account.age_days", 0.0)
                .doesNotContainKey("account.registered_days_ago");
        assertThat(unsaid.requests).isNotEmpty().allMatch(r -> r.newAccount);
    }

    private static AccountEvent first(long time) {
        AccountEvent e = payment(time, 10_000);
        e.nodes = new String[] {"DEVICE:d"};
        return e;
    }

    @Test
    void aPasswordResetOrPhoneChangeIsNotedForAWeekAndKeptInItsBytes() {
        AccountState account = new AccountState();
        AccountEvent reset = event(EventKind.DEVICE, minutes(10), 0, null, "DEVICE:new");
        reset.subtype = "RESET_PASSWORD";
        assertThat(features(account.apply(reset, SETTINGS)))
                .containsEntry("account.credentials_changed_minutes", 0.0);
        AccountState read =
                AccountStateSerializer.deserialize(AccountStateSerializer.serialize(account));
        AccountEvent transfer = event(EventKind.TRANSACTION, minutes(22), 50_000, null);
        transfer.subtype = "TRANSFER";
        assertThat(features(read.apply(transfer, SETTINGS)))
                .containsEntry("account.credentials_changed_minutes", 12.0)
                .containsEntry("event.transfer", 1.0);
        AccountEvent weekLater =
                event(EventKind.TRANSACTION, minutes(11 + 7 * 1_440), 50_000, null);
        assertThat(features(read.apply(weekLater, SETTINGS)))
                .doesNotContainKey("account.credentials_changed_minutes")
                .doesNotContainKey("event.transfer");
    }

    @Test
    void remembersTheLast32EventIdsAcrossItsBytes() {
        AccountState account = new AccountState();
        for (int m = 0; m < AccountState.RECENT_IDS + 1; m++) {
            account.apply(event(EventKind.TRANSACTION, minutes(m), 100, null), SETTINGS);
        }
        AccountState read =
                AccountStateSerializer.deserialize(AccountStateSerializer.serialize(account));
        assertThat(read.alreadyApplied("e" + minutes(AccountState.RECENT_IDS))).isTrue();
        assertThat(read.alreadyApplied("e" + minutes(1))).isTrue();
        assertThat(read.alreadyApplied("e" + minutes(0))).as("the 33rd newest").isFalse();
        assertThat(read.alreadyApplied("never-sent")).isFalse();
        assertThat(AccountStateSerializer.serialize(read))
                .isEqualTo(AccountStateSerializer.serialize(account));
    }

    @Test
    void readsFormat1StateWrittenBeforeTheRecentIds() {
        AccountState account = new AccountState();
        account.apply(event(EventKind.TRANSACTION, minutes(0), 100, null, "DEVICE:d"), SETTINGS);
        AccountState fresh = new AccountState();
        byte[] current = AccountStateSerializer.serialize(fresh);
        // An empty account in format 1: the same bytes without the trailing count of recent ids
        // (format 2) and the registration time (format 3, 8 bytes).
        byte[] format1 = Arrays.copyOf(current, current.length - 9);
        format1[0] = 1;
        AccountState old = AccountStateSerializer.deserialize(format1);
        assertThat(old.alreadyApplied("e" + minutes(0))).isFalse();
        assertThat(AccountStateSerializer.serialize(old)).isEqualTo(current);
        byte[] withIds = AccountStateSerializer.serialize(account);
        assertThat(withIds[0]).isEqualTo((byte) AccountStateSerializer.VERSION);
        assertThat(AccountStateSerializer.deserialize(withIds).alreadyApplied("e" + minutes(0)))
                .isTrue();
    }
}
