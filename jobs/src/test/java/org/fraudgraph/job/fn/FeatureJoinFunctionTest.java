package org.fraudgraph.job.fn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.junit.jupiter.api.Test;

/** Which transfers the ring stage follows as held money, and which taint their receiver. */
class FeatureJoinFunctionTest {
    private static AccountPart transfer(String to, long confirmedAt) {
        AccountPart p = new AccountPart();
        p.eventId = "ev-1";
        p.kind = EventKind.TRANSACTION;
        p.accountId = "acc-1";
        p.eventTimeMillis = 1_000_000;
        p.counterpartyId = to;
        p.confirmedAtMillis = confirmedAt;
        return p;
    }

    private static FraudScore scored(Decision decision) {
        return FraudScore.newBuilder()
                .setEventId("ev-1")
                .setEventKind(EventKind.TRANSACTION)
                .setEventTime(Instant.ofEpochMilli(1_000_000))
                .setEntityType(EntityType.ACCOUNT)
                .setEntityId("acc-1")
                .setScore(decision == Decision.ALLOW ? 0.1 : 0.6)
                .setDecision(decision)
                .setConfigVersion("test")
                .build();
    }

    @Test
    void aTransferTheModelHoldsIsHeldMoneyUnlessTheSenderWasConfirmedBefore() {
        assertThat(FeatureJoinFunction.held(transfer("acc-2", 0), scored(Decision.REVIEW)))
                .isTrue();
        assertThat(FeatureJoinFunction.held(transfer("acc-2", 0), scored(Decision.ALLOW)))
                .isFalse();
        // A confirmed account's transfers are held because the account is, not because the
        // money is suspect.
        AccountPart afterConfirmed = transfer("acc-2", 500_000);
        assertThat(FeatureJoinFunction.held(afterConfirmed, scored(Decision.BLOCK))).isFalse();
        // Its receiver is still tainted by the confirmed sender.
        assertThat(FeatureJoinFunction.taint(afterConfirmed, scored(Decision.BLOCK))).isNotNull();
        // A payment names no receiving account; money to oneself goes nowhere.
        assertThat(FeatureJoinFunction.held(transfer(null, 0), scored(Decision.REVIEW))).isFalse();
        assertThat(FeatureJoinFunction.held(transfer("acc-1", 0), scored(Decision.REVIEW)))
                .isFalse();
    }
}
