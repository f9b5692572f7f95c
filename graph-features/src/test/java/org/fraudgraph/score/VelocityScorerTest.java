package org.fraudgraph.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.junit.jupiter.api.Test;

class VelocityScorerTest {
    private static final long NOON = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private final VelocityScorer scorer = VelocityScorer.defaults();

    private FraudScore score(long events24h, long amount24h, boolean confirmed) {
        return scorer.score(
                "tx-1",
                EventKind.TRANSACTION,
                "acc-1",
                NOON,
                Map.of(
                        VelocityScorer.FEATURE_EVENTS_24H,
                        (double) events24h,
                        VelocityScorer.FEATURE_AMOUNT_24H,
                        (double) amount24h,
                        VelocityScorer.FEATURE_CONFIRMED_FRAUD,
                        confirmed ? 1.0 : 0.0,
                        "device.accounts_24h",
                        3.0));
    }

    @Test
    void allowsAQuietAccount() {
        FraudScore score = score(1, 43_000, false);
        assertThat(score.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(score.getScore()).isBetween(0.0, 0.1);
        assertThat(score.getConfigVersion()).isEqualTo(VelocityScorer.CONFIG_VERSION);
        assertThat(score.getFeatures())
                .containsEntry(VelocityScorer.FEATURE_EVENTS_24H, 1.0)
                .containsEntry("device.accounts_24h", 3.0);
    }

    @Test
    void blocksFiftyEventsInADayAndSaysWhyMostImportantFirst() {
        FraudScore score = score(50, 100_000, false);
        assertThat(score.getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(score.getReasons())
                .extracting(ReasonCode::getCode)
                .containsExactly("VELOCITY_EVENTS_24H", "AMOUNT_24H");
        assertThat(score.getReasons().get(0).getDetail()).isEqualTo("50 events in 24 h");
        assertThat(score.getReasons().get(1).getDetail())
                .isEqualTo("1,000.00 spent or sent in 24 h");
    }

    @Test
    void reviewsBetweenTheThresholds() {
        FraudScore score = score(20, 0, false);
        assertThat(score.getScore()).isBetween(0.6, 0.9);
        assertThat(score.getDecision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void blocksAConfirmedFraudAccountWhateverItsVelocity() {
        FraudScore score = score(1, 100, true);
        assertThat(score.getScore()).isEqualTo(1.0);
        assertThat(score.getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(score.getReasons().get(0).getCode()).isEqualTo("CONFIRMED_FRAUD");
    }
}
