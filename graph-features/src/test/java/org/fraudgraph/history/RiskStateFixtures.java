package org.fraudgraph.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.fraudgraph.risk.AccountRisk;
import org.fraudgraph.risk.AccountRiskSerializer;
import org.fraudgraph.risk.RiskSettings;
import org.fraudgraph.risk.RiskSignal;

/**
 * The risk stage's state fixture (from 2026-12-06 on), written by {@link StateFormatFixtures}'s
 * main: kept apart so that class still compiles against the releases before the risk stage.
 */
final class RiskStateFixtures {
    static final RiskSettings SETTINGS = RiskSettings.defaults(Duration.ofDays(7));

    private RiskStateFixtures() {}

    static void write(Path out) throws Exception {
        AccountRisk risk = scriptedRisk();
        byte[] bytes = AccountRiskSerializer.serialize(risk);
        StateFormatFixtures.write(out, "risk-v" + bytes[0], bytes, observe(risk));
    }

    /**
     * Two cases (one ended later, the other's latest version shown) and three risky senders over
     * two days.
     */
    static AccountRisk scriptedRisk() {
        long noon = StateFormatFixtures.NOON;
        long hour = StateFormatFixtures.HOUR;
        AccountRisk risk = new AccountRisk();
        risk.apply(RiskSignal.caseVersion("a", noon - 48 * hour, "case-a", 0.5, true), SETTINGS);
        risk.apply(RiskSignal.caseVersion("a", noon - 40 * hour, "case-b", 0.75, true), SETTINGS);
        risk.apply(RiskSignal.caseVersion("a", noon - 30 * hour, "case-a", 0.6, true), SETTINGS);
        // An event of the account showed case-a's second version (version 2 keeps that).
        risk.features(noon - 25 * hour, SETTINGS, new TreeMap<>());
        risk.apply(RiskSignal.caseVersion("a", noon - 20 * hour, "case-b", 0.8, false), SETTINGS);
        RiskSignal.Source[] sources = RiskSignal.Source.values();
        for (int i = 0; i < 3; i++) {
            risk.apply(
                    RiskSignal.taint(
                            "a",
                            noon - (36 - i * 10) * hour,
                            "sender-" + i,
                            10_000 + i,
                            sources[i % sources.length],
                            null),
                    SETTINGS);
        }
        return risk;
    }

    /**
     * The features at noon and a week and a day later ({@code case.new_version} apart: a reader of
     * version 1 bytes answers it too, a question their writer did not know).
     */
    static Map<String, String> observe(AccountRisk risk) {
        Map<String, String> o = new TreeMap<>();
        for (long at : new long[] {0, 8 * 24}) {
            Map<String, Double> f = new TreeMap<>();
            risk.features(StateFormatFixtures.NOON + at * StateFormatFixtures.HOUR, SETTINGS, f);
            Double shown = f.remove(AccountRisk.NEW_VERSION);
            if (shown != null) {
                o.put("new_version+" + at + "h", shown.toString());
            }
            o.put("features+" + at + "h", f.toString());
        }
        o.put("expires", Long.toString(risk.expiresAtMillis(SETTINGS)));
        return o;
    }
}
