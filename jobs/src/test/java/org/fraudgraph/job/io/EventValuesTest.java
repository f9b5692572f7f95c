package org.fraudgraph.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("hostile")
class EventValuesTest {
    private static TransactionEvent payment(long amount, String currency) {
        return TransactionEvent.newBuilder()
                .setEventId("e")
                .setEventTime(Instant.parse("2026-12-06T10:00:00Z"))
                .setType(TransactionType.PAYMENT)
                .setAccountId("a")
                .setAmountMinor(amount)
                .setCurrency(currency)
                .build();
    }

    @Test
    void aRealPaymentPasses() {
        assertThat(EventValues.problem(payment(0, "CNY"))).isNull();
        assertThat(EventValues.problem(payment(499_900, "CNY"))).isNull();
        assertThat(EventValues.problem(payment(EventValues.MAX_AMOUNT_MINOR, "JPY"))).isNull();
    }

    @Test
    void negativeAndOverflowingAmountsAndUnknownCurrenciesAreImpossible() {
        assertThat(EventValues.problem(payment(-10_000_000_000L, "CNY")))
                .isEqualTo(
                        "field amountMinor is -10,000,000,000: amounts are never negative (the"
                                + " type says which way money goes)");
        assertThat(EventValues.problem(payment(EventValues.MAX_AMOUNT_MINOR + 1, "CNY")))
                .startsWith("field amountMinor is 9,007,199,254,740,992: above");
        assertThat(EventValues.problem(payment(100, "XXQ")))
                .isEqualTo("field currency \"XXQ\" is not an ISO 4217 currency code");
        assertThat(EventValues.problem(payment(100, "cny"))).isNotNull();
    }
}
