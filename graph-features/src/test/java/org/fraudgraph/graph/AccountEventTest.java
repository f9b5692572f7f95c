package org.fraudgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.Verdict;
import org.junit.jupiter.api.Test;

class AccountEventTest {
    private static final Instant NOON = Instant.parse("2026-11-24T12:00:00Z");

    private static TransactionEvent tx(TransactionType type) {
        return TransactionEvent.newBuilder()
                .setEventId("tx")
                .setEventTime(NOON)
                .setType(type)
                .setAccountId("acc-1")
                .setAmountMinor(5_000)
                .build();
    }

    @Test
    void onlyMoneyLeavingTheAccountCountsAsSpent() {
        assertThat(AccountEvent.of(tx(TransactionType.PAYMENT)).amountMinor).isEqualTo(5_000);
        assertThat(AccountEvent.of(tx(TransactionType.INSTALMENT_PURCHASE)).amountMinor)
                .isEqualTo(5_000);
        assertThat(AccountEvent.of(tx(TransactionType.TRANSFER)).amountMinor).isEqualTo(5_000);
        assertThat(AccountEvent.of(tx(TransactionType.REFUND)).amountMinor).isZero();
        assertThat(AccountEvent.of(tx(TransactionType.REPAYMENT)).amountMinor).isZero();
    }

    @Test
    void theAccountsCreationTimeIsTakenWhenPossibleAndNeverAfterTheEvent() {
        TransactionEvent said = tx(TransactionType.PAYMENT);
        assertThat(AccountEvent.of(said).accountCreatedMillis).isZero();
        said.setAccountCreatedTime(NOON.minus(Duration.ofDays(400)));
        assertThat(AccountEvent.of(said).accountCreatedMillis)
                .isEqualTo(NOON.minus(Duration.ofDays(400)).toEpochMilli());
        // A clock a little ahead: the account is as new as the event, not newer.
        said.setAccountCreatedTime(NOON.plusSeconds(2));
        assertThat(AccountEvent.of(said).accountCreatedMillis).isEqualTo(NOON.toEpochMilli());
        said.setAccountCreatedTime(Instant.parse("1999-12-31T23:59:59Z"));
        assertThat(AccountEvent.of(said).accountCreatedMillis).isZero();
    }

    @Test
    void aCreditApplicationAsksForMoneyButSpendsNone() {
        ApplicationEvent application =
                ApplicationEvent.newBuilder()
                        .setEventId("app")
                        .setEventTime(NOON)
                        .setType(ApplicationType.CREDIT_APPLICATION)
                        .setAccountId("acc-1")
                        .setPhoneHash("p")
                        .setIdNumberHash("i")
                        .setContactPhoneHashes(List.of())
                        .setRequestedAmountMinor(4_950_000)
                        .build();
        AccountEvent event = AccountEvent.of(application);
        assertThat(event.amountMinor).isZero();
        assertThat(event.eventTimeMillis).isEqualTo(NOON.toEpochMilli());
    }

    @Test
    void feedbackOnAnAccountBecomesAnAccountEventAndOnOtherEntitiesDoesNot() {
        FeedbackEvent onAccount =
                FeedbackEvent.newBuilder()
                        .setEventId("fb")
                        .setEventTime(NOON)
                        .setEntityType(EntityType.ACCOUNT)
                        .setEntityId("acc-1")
                        .setVerdict(Verdict.CHARGEBACK)
                        .build();
        // The owner disputing: as often a takeover's victim as a fraudster.
        assertThat(AccountEvent.ofFeedback(onAccount).feedback)
                .isEqualTo(AccountEvent.Feedback.DISPUTED);
        onAccount.setVerdict(Verdict.CONFIRMED_FRAUD);
        assertThat(AccountEvent.ofFeedback(onAccount).feedback)
                .isEqualTo(AccountEvent.Feedback.CONFIRMED_FRAUD);
        onAccount.setVerdict(Verdict.FALSE_POSITIVE);
        assertThat(AccountEvent.ofFeedback(onAccount).feedback)
                .isEqualTo(AccountEvent.Feedback.CLEARED);
        onAccount.setEntityType(EntityType.DEVICE);
        assertThat(AccountEvent.ofFeedback(onAccount)).isNull();
        // A card or device charged back was used without its owner: it is confirmed.
        onAccount.setVerdict(Verdict.CHARGEBACK);
        assertThat(AccountEvent.ofEntityFeedback(onAccount).feedback)
                .isEqualTo(AccountEvent.Feedback.CONFIRMED_FRAUD);
    }

    @Test
    void eachIdentifierOfAnApplicationBecomesOneEdgeAndContactsAreCapped() {
        ApplicationEvent application =
                ApplicationEvent.newBuilder()
                        .setEventId("app")
                        .setEventTime(NOON)
                        .setType(ApplicationType.CREDIT_APPLICATION)
                        .setAccountId("acc-1")
                        .setPhoneHash("p")
                        .setIdNumberHash("i")
                        .setAddressHash("a")
                        .setDeviceId("d")
                        .setIp("10.1.2.3")
                        .setContactPhoneHashes(List.of("c1", "c2", "c1", "c3"))
                        .setRequestedAmountMinor(4_950_000)
                        .build();
        assertThat(AccountEvent.of(application, 2).nodes)
                .containsExactly(
                        "PHONE:p",
                        "ID_NUMBER:i",
                        "ADDRESS:a",
                        "DEVICE:d",
                        "IP:10.1.2.3",
                        "IP_PREFIX:10.1.2.0/24",
                        "CONTACT:c1",
                        "CONTACT:c2");
        assertThat(AccountEvent.of(application).isCreditApplication()).isTrue();
    }

    @Test
    void aPaymentTiesTheAccountToItsDeviceNetworkCardAndMerchant() {
        TransactionEvent payment = tx(TransactionType.PAYMENT);
        payment.setDeviceId("d");
        payment.setIp("192.168.7.9");
        payment.setMerchantId("m");
        payment.setBankCardHash("");
        assertThat(AccountEvent.of(payment).nodes)
                .containsExactly(
                        "DEVICE:d", "IP:192.168.7.9", "IP_PREFIX:192.168.7.0/24", "MERCHANT:m");
        assertThat(Keys.ipPrefix("2001:db8:1:2::5")).isEqualTo("2001:db8:1::/48");
        assertThat(Keys.ipPrefix("not-an-ip")).isNull();
    }
}
