package org.fraudgraph.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AccountRiskTest {
    private static final long T0 = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final RiskSettings SETTINGS = RiskSettings.defaults(Duration.ofDays(7));
    private final AccountRisk risk = new AccountRisk();

    private Map<String, Double> at(long t) {
        Map<String, Double> f = new TreeMap<>();
        risk.features(t, SETTINGS, f);
        return f;
    }

    @Test
    void noRiskNoFeatures() {
        assertThat(at(T0)).isEmpty();
        assertThat(risk.isEmpty()).isTrue();
        assertThat(risk.expiresAtMillis(SETTINGS)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anOpenCaseIsAFeatureFromItsTimeUntilItsLastVersion() {
        risk.apply(RiskSignal.caseVersion("a", T0, "c1", 0.5, true), SETTINGS);
        assertThat(at(T0 - 1)).isEmpty();
        assertThat(at(T0 + HOUR))
                .containsEntry(AccountRisk.OPEN_CASES, 1.0)
                .containsEntry(AccountRisk.CASE_SCORE, 0.5);
        risk.apply(RiskSignal.caseVersion("a", T0 + HOUR, "c2", 0.875, true), SETTINGS);
        risk.apply(RiskSignal.caseVersion("a", T0 + 2 * HOUR, "c1", 0.75, true), SETTINGS);
        assertThat(at(T0 + 3 * HOUR))
                .containsEntry(AccountRisk.OPEN_CASES, 2.0)
                .containsEntry(AccountRisk.CASE_SCORE, 0.875);
        // A false positive closes c2: the member's next events no longer carry it.
        risk.apply(RiskSignal.caseVersion("a", T0 + 4 * HOUR, "c2", 0.875, false), SETTINGS);
        assertThat(at(T0 + 5 * HOUR))
                .containsEntry(AccountRisk.OPEN_CASES, 1.0)
                .containsEntry(AccountRisk.CASE_SCORE, 0.75);
        risk.apply(RiskSignal.caseVersion("a", T0 + 6 * HOUR, "c1", 0.75, false), SETTINGS);
        assertThat(at(T0 + 7 * HOUR)).isEmpty();
        assertThat(risk.isEmpty()).isTrue();
    }

    @Test
    void aCaseWithoutNewVersionsIsForgottenAfterTheCaseMemory() {
        risk.apply(RiskSignal.caseVersion("a", T0, "c1", 0.5, true), SETTINGS);
        assertThat(at(T0 + 7 * 24 * HOUR)).containsKey(AccountRisk.OPEN_CASES);
        assertThat(at(T0 + 7 * 24 * HOUR + 1)).isEmpty();
        assertThat(risk.expiresAtMillis(SETTINGS)).isEqualTo(T0 + 7 * 24 * HOUR);
    }

    @Test
    void riskySendersCountOnceEachWithinTheWindowAndAreBounded() {
        for (int i = 0; i < 3; i++) {
            risk.apply(
                    RiskSignal.taint(
                            "a", T0 + i * HOUR, "s1", 100, RiskSignal.Source.FLAGGED, null),
                    SETTINGS);
        }
        risk.apply(
                RiskSignal.taint("a", T0 + 3 * HOUR, "s2", 100, RiskSignal.Source.CONFIRMED, null),
                SETTINGS);
        assertThat(at(T0 + 4 * HOUR)).containsEntry(AccountRisk.RISKY_SENDERS, 2.0);
        assertThat(at(T0 + 2 * HOUR + 7 * 24 * HOUR + 1))
                .containsEntry(AccountRisk.RISKY_SENDERS, 1.0);
        for (int i = 0; i < 100; i++) {
            risk.apply(
                    RiskSignal.taint(
                            "a", T0 + 5 * HOUR, "many-" + i, 1, RiskSignal.Source.CASE_MEMBER, "c"),
                    SETTINGS);
        }
        assertThat(at(T0 + 6 * HOUR))
                .containsEntry(AccountRisk.RISKY_SENDERS, (double) AccountRisk.MAX_SENDERS);
        AccountRisk back = AccountRiskSerializer.deserialize(AccountRiskSerializer.serialize(risk));
        Map<String, Double> f = new TreeMap<>();
        back.features(T0 + 6 * HOUR, SETTINGS, f);
        assertThat(f).isEqualTo(at(T0 + 6 * HOUR));
    }

    @Test
    void atMostEightCasesTheHighestScoresStayAndScoresAreClamped() {
        for (int i = 0; i < 20; i++) {
            risk.apply(RiskSignal.caseVersion("a", T0, "c" + i, i / 10.0, true), SETTINGS);
        }
        assertThat(at(T0))
                .containsEntry(AccountRisk.OPEN_CASES, (double) AccountRisk.MAX_CASES)
                .containsEntry(AccountRisk.CASE_SCORE, 1.0);
        risk.apply(RiskSignal.caseVersion("a", T0, "nan", Double.NaN, true), SETTINGS);
        assertThat(at(T0)).containsEntry(AccountRisk.OPEN_CASES, (double) AccountRisk.MAX_CASES);
    }
}
