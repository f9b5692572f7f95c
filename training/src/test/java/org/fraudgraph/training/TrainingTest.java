package org.fraudgraph.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
    @Test
    void theSplitKeepsEveryGroupOnOneSideAndHoldsOutAboutItsShare() {
        GroupSplit split = new GroupSplit(0.3, 7);
        int held = 0;
        for (int g = 0; g < 10_000; g++) {
            boolean test = split.inTest("ring:R-" + g);
            assertThat(split.inTest("ring:R-" + g)).isEqualTo(test);
            held += test ? 1 : 0;
        }
        assertThat(held / 10_000.0).isCloseTo(0.3, within(0.02));
        assertThat(
                        new GroupSplit(0.3, 8).inTest("ring:R-1") == split.inTest("ring:R-1")
                                && new GroupSplit(0.3, 9).inTest("ring:R-2")
                                        == split.inTest("ring:R-2")
                                && new GroupSplit(0.3, 10).inTest("ring:R-3")
                                        == split.inTest("ring:R-3")
                                && new GroupSplit(0.3, 11).inTest("ring:R-4")
                                        == split.inTest("ring:R-4")
                                && new GroupSplit(0.3, 12).inTest("ring:R-5")
                                        == split.inTest("ring:R-5")
                                && new GroupSplit(0.3, 13).inTest("ring:R-6")
                                        == split.inTest("ring:R-6"))
                .as("another seed is another split")
                .isFalse();
        TrainingSet set = TrainingSet.empty(List.of("x"));
        for (int i = 0; i < 1_000; i++) {
            set.add(Map.of("x", 1.0), i % 2 == 0, "acc-" + (i % 50), "ring:R-" + (i % 50), 0.5);
        }
        int[] train = set.part(split, false);
        int[] test = set.part(split, true);
        assertThat(train.length + test.length).isEqualTo(1_000);
        for (int t : test) {
            for (int r : train) {
                assertThat(set.group(r)).isNotEqualTo(set.group(t));
            }
        }
    }

    /** Ten rows: fraud at the given positions, scores falling from the first to the last. */
    private static Measures measured(boolean[] fraud, String[] accounts) {
        TrainingSet set = TrainingSet.empty(List.of("x"));
        double[] scores = new double[fraud.length];
        int[] rows = new int[fraud.length];
        for (int i = 0; i < fraud.length; i++) {
            set.add(
                    Map.of("x", (double) i),
                    fraud[i],
                    accounts[i],
                    fraud[i] ? "ring:R" : "account:" + accounts[i],
                    0);
            scores[i] = 1 - i / 100.0;
            rows[i] = i;
        }
        return Measures.of(set, rows, scores);
    }

    @Test
    void prAucIsThePrecisionMetOnTheWayToEachFraudEvent() {
        boolean[] fraud = {true, false, true, false, false, false, false, false, false, false};
        String[] accounts = {"f1", "h1", "f2", "h2", "h3", "h4", "h5", "h6", "h7", "h8"};
        Measures m = measured(fraud, accounts);
        // Precision 1/1 at the first fraud event, 2/3 at the second.
        assertThat(m.prAuc()).isCloseTo((1 + 2 / 3.0) / 2, within(1e-12));
        assertThat(m.fraudEvents()).isEqualTo(2);
        assertThat(m.fraudAccounts()).isEqualTo(2);
    }

    @Test
    void accountRecallCountsAccountsWithAnAlertedFraudEventWithinTheBudget() {
        // 2,000 rows; the budget of 10 per 10,000 alerts the top 2, of 30 the top 6.
        int n = 2_000;
        boolean[] fraud = new boolean[n];
        String[] accounts = new String[n];
        for (int i = 0; i < n; i++) {
            accounts[i] = "h" + i;
        }
        fraud[0] = true;
        accounts[0] = "f1";
        fraud[1] = true;
        accounts[1] = "f1";
        fraud[4] = true;
        accounts[4] = "f2";
        fraud[1_000] = true;
        accounts[1_000] = "f3";
        Measures m = measured(fraud, accounts);
        assertThat(m.at(10).alertsPer10k()).isEqualTo(10);
        assertThat(m.at(10).accountRecall()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(m.at(10).honestAccountsAlerted()).isZero();
        assertThat(m.at(30).accountRecall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.at(30).honestAccountsAlerted()).isEqualTo(3);
        assertThat(m.calibration()).hasSize(10);
        assertThat(m.calibration().stream().mapToInt(Measures.Band::rows).sum()).isEqualTo(n);
    }

    @Test
    void aFitLearnsAPatternItWasNotShownTheRowsOfAndMissingValuesAreNoObstacle() throws Exception {
        // Fraud when two accounts share a device and the account is new; an amount that says
        // nothing; some rows without the device feature at all.
        SplittableRandom random = new SplittableRandom(3);
        TrainingSet set = TrainingSet.empty(List.of("device.accounts", "account.new", "noise"));
        for (int i = 0; i < 6_000; i++) {
            boolean fraud = random.nextInt(20) == 0;
            Map<String, Double> f = new HashMap<>();
            if (random.nextInt(10) > 0) {
                f.put("device.accounts", fraud ? 3.0 + random.nextInt(20) : random.nextInt(3));
            }
            f.put("account.new", fraud || random.nextInt(10) == 0 ? 1.0 : 0.0);
            f.put("noise", random.nextDouble());
            String account = (fraud ? "f" : "h") + i / 3;
            set.add(f, fraud, account, (fraud ? "ring:R" : "account:") + i / 30, 0);
        }
        GroupSplit split = new GroupSplit(0.3, 1);
        try (ModelFit fit = ModelFit.fit(set, set.part(split, false), 1)) {
            int[] test = set.part(split, true);
            Measures m = Measures.of(set, test, fit.predict(set, test));
            assertThat(m.fraudEvents()).isGreaterThan(50);
            assertThat(m.prAuc()).isGreaterThan(0.8);
            assertThat(fit.importance().keySet().iterator().next()).isEqualTo("device.accounts");
            assertThat(fit.json()).contains("\"learner\"");
        }
    }

    @Test
    void currencyFeaturesAreNeverLearnedFrom() {
        assertThat(TrainingSet.modelFeatures())
                .doesNotContainAnyElementsOf(TrainingSet.CURRENCY_FEATURES)
                .contains("account.amount_1h_relative", "device.accounts_24h");
    }

    @Test
    void anAnalystsVerdictWinsOverTheDataSetsLabelAndGroupsACasesAccounts(@TempDir Path dir)
            throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-11-02T00:00:00Z");
        Files.writeString(
                dir.resolve("labels.csv"),
                "entity_type,entity_id,ring_id,pattern,role,fraud_from\n"
                        + "ACCOUNT,acc-ring,R-1,DEVICE_FARM,MEMBER,2026-11-02T00:00:00Z\n"
                        + "ACCOUNT,acc-ato,R-2,ACCOUNT_TAKEOVER,VICTIM,2026-11-02T05:00:00Z\n");
        // The attacker's events of the takeover: a login and a transfer.
        Files.writeString(
                dir.resolve("fraud-events.csv"),
                "event_id,event_time,ring_id\n"
                        + "acc-ato-5,2026-11-02T05:00:00Z,R-2\n"
                        + "acc-ato-6,2026-11-02T06:00:00Z,R-2\n");
        java.io.File scores = dir.resolve("scores.avro").toFile();
        try (org.apache.avro.file.DataFileWriter<org.fraudgraph.schema.FraudScore> out =
                new org.apache.avro.file.DataFileWriter<>(
                        new org.apache.avro.specific.SpecificDatumWriter<>(
                                org.fraudgraph.schema.FraudScore.class))) {
            out.create(org.fraudgraph.schema.FraudScore.getClassSchema(), scores);
            for (String account :
                    List.of("acc-ring", "acc-ato", "acc-honest", "acc-caught", "acc-disputed")) {
                for (int h = 0; h < 10; h++) {
                    out.append(
                            org.fraudgraph.schema.FraudScore.newBuilder()
                                    .setEventId(account + "-" + h)
                                    .setEventKind(org.fraudgraph.schema.EventKind.TRANSACTION)
                                    .setEventTime(t0.plusSeconds(3_600L * h))
                                    .setEntityType(org.fraudgraph.schema.EntityType.ACCOUNT)
                                    .setEntityId(account)
                                    .setScore(0.1)
                                    .setDecision(org.fraudgraph.schema.Decision.ALLOW)
                                    .setFeatures(Map.of("x", 1.0))
                                    .setConfigVersion("graph-6")
                                    .build());
                }
            }
        }
        org.fraudgraph.replay.GroundTruth truth = org.fraudgraph.replay.GroundTruth.read(dir);
        TrainingSet plain = TrainingSet.read(scores, truth);
        Verdicts verdicts = new Verdicts();
        verdicts.add(verdict("acc-ring", org.fraudgraph.schema.Verdict.FALSE_POSITIVE, t0, null));
        verdicts.add(verdict("acc-caught", org.fraudgraph.schema.Verdict.CLEARED, t0, null));
        // The later verdict wins, whatever order they come in.
        verdicts.add(
                verdict(
                        "acc-caught",
                        org.fraudgraph.schema.Verdict.CONFIRMED_FRAUD,
                        t0.plusSeconds(60),
                        "case-9"));
        verdicts.add(
                verdict(
                        "acc-caught",
                        org.fraudgraph.schema.Verdict.CLEARED,
                        t0.plusSeconds(30),
                        null));
        verdicts.add(verdict("acc-ato", org.fraudgraph.schema.Verdict.CONFIRMED_FRAUD, t0, null));
        // A chargeback is the owner disputing, no verdict on the account (as in the job).
        verdicts.add(
                verdict("acc-disputed", org.fraudgraph.schema.Verdict.CHARGEBACK, t0, "case-3"));
        TrainingSet judged = TrainingSet.read(scores, truth, verdicts);
        assertThat(verdicts.accounts()).isEqualTo(3);
        assertThat(verdicts.fraud()).isEqualTo(2);
        Map<String, Integer> fraudRows = new HashMap<>();
        Map<String, Integer> plainRows = new HashMap<>();
        for (int r = 0; r < judged.rows(); r++) {
            fraudRows.merge(judged.account(r), (int) judged.label(r), Integer::sum);
            plainRows.merge(plain.account(r), (int) plain.label(r), Integer::sum);
            if (judged.account(r).equals("acc-caught")) {
                assertThat(judged.group(r)).isEqualTo("case:case-9");
            }
            if (judged.account(r).equals("acc-disputed")) {
                assertThat(judged.group(r)).isEqualTo("account:acc-disputed");
            }
        }
        // A victim is fraud in the attacker's events only, not in its owner's after them.
        assertThat(plainRows)
                .containsEntry("acc-ring", 10)
                .containsEntry("acc-ato", 2)
                .containsEntry("acc-honest", 0)
                .containsEntry("acc-caught", 0)
                .containsEntry("acc-disputed", 0);
        // Cleared: honest; an analyst's confirmation of a takeover: from the takeover on; a
        // chargeback: as the data set says.
        assertThat(fraudRows)
                .containsEntry("acc-ring", 0)
                .containsEntry("acc-ato", 5)
                .containsEntry("acc-honest", 0)
                .containsEntry("acc-caught", 10)
                .containsEntry("acc-disputed", 0);
    }

    private static org.fraudgraph.schema.FeedbackEvent verdict(
            String account, org.fraudgraph.schema.Verdict v, java.time.Instant at, String caseId) {
        return org.fraudgraph.schema.FeedbackEvent.newBuilder()
                .setEventId("v-" + account + "-" + at.toEpochMilli())
                .setEventTime(at)
                .setEntityType(org.fraudgraph.schema.EntityType.ACCOUNT)
                .setEntityId(account)
                .setVerdict(v)
                .setCaseId(caseId)
                .build();
    }
}
