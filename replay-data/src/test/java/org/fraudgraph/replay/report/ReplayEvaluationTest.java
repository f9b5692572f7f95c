package org.fraudgraph.replay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.fraudgraph.replay.GroundTruth;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.RingMember;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's arithmetic on eight hand-labelled events. Ring R1 (device farm: A, B, C) made e1,
 * e2, e3; the takeover of V at t=100 made e5; V's own e6 (t=50) is before the takeover. With REVIEW
 * from 0.6:
 *
 * <pre>
 * event  account  t    score  decision  truth
 * e1     A        10   0.90   BLOCK     fraud   TP
 * e2     B        20   0.20   ALLOW     fraud   FN
 * e3     C        30   0.70   REVIEW    fraud   TP
 * e4     D        40   0.80   REVIEW    honest  FP
 * e5     V        110  0.65   REVIEW    fraud   TP
 * e6     V        50   0.95   BLOCK     honest  FP (and, before the takeover, no account hit)
 * e7     E        60   0.10   ALLOW     honest  TN
 * e8     F        70   0.30   ALLOW     honest  TN
 * </pre>
 *
 * Events: TP 3, FP 2, FN 1. Accounts (A, B, C, V labelled): found A, C, V; D is a false alarm; B
 * missed. Cases: case-1 (latest version A, B, C) finds R1; case-2 (D, E) finds nothing.
 */
class ReplayEvaluationTest {
    private static final ReportWriter.Context CONTEXT =
            new ReportWriter.Context("tiny", "test", 0.6, 0.9);
    @TempDir Path dir;
    private ReplayEvaluation evaluation;

    @BeforeEach
    void handLabelledDataSet() throws IOException {
        evaluation = handLabelled(dir);
    }

    /**
     * The eight events and three case versions of the table above, labels written to {@code dir}.
     */
    static ReplayEvaluation handLabelled(Path dir) throws IOException {
        Files.writeString(
                dir.resolve(GroundTruth.LABELS),
                """
                entity_type,entity_id,ring_id,pattern,role,fraud_from
                ACCOUNT,A,R1,DEVICE_FARM,MEMBER,1970-01-01T00:00:00Z
                ACCOUNT,B,R1,DEVICE_FARM,MEMBER,1970-01-01T00:00:00Z
                ACCOUNT,C,R1,DEVICE_FARM,MEMBER,1970-01-01T00:00:00Z
                DEVICE,d-farm,R1,DEVICE_FARM,EMULATOR,1970-01-01T00:00:00Z
                ACCOUNT,V,R2,ACCOUNT_TAKEOVER,VICTIM,1970-01-01T00:01:40Z
                """);
        Files.writeString(
                dir.resolve(GroundTruth.FRAUD_EVENTS),
                """
                event_id,event_time,ring_id
                e1,1970-01-01T00:00:10Z,R1
                e2,1970-01-01T00:00:20Z,R1
                e3,1970-01-01T00:00:30Z,R1
                e5,1970-01-01T00:01:50Z,R2
                """);
        return scored(new ReplayEvaluation(GroundTruth.read(dir)));
    }

    /** The eight events and three case versions of the table above. */
    private static ReplayEvaluation scored(ReplayEvaluation evaluation) {
        score(evaluation, "e1", "A", 10, 0.90, Decision.BLOCK);
        score(evaluation, "e2", "B", 20, 0.20, Decision.ALLOW);
        score(evaluation, "e3", "C", 30, 0.70, Decision.REVIEW);
        score(evaluation, "e4", "D", 40, 0.80, Decision.REVIEW);
        score(evaluation, "e5", "V", 110, 0.65, Decision.REVIEW);
        score(evaluation, "e6", "V", 50, 0.95, Decision.BLOCK);
        score(evaluation, "e7", "E", 60, 0.10, Decision.ALLOW);
        score(evaluation, "e8", "F", 70, 0.30, Decision.ALLOW);
        evaluation.add(ringCase("case-1", 1, RingKind.DEVICE_FARM, 35, "A", "B", "X"));
        evaluation.add(ringCase("case-1", 2, RingKind.DEVICE_FARM, 45, "A", "B", "C"));
        evaluation.add(ringCase("case-2", 1, RingKind.MULE_CHAIN, 65, "D", "E"));
        return evaluation;
    }

    private static void score(
            ReplayEvaluation evaluation,
            String eventId,
            String account,
            long second,
            double score,
            Decision decision) {
        evaluation.add(
                FraudScore.newBuilder()
                        .setEventId(eventId)
                        .setEventKind(EventKind.TRANSACTION)
                        .setEventTime(Instant.ofEpochSecond(second))
                        .setEntityType(EntityType.ACCOUNT)
                        .setEntityId(account)
                        .setScore(score)
                        .setDecision(decision)
                        .setConfigVersion("test")
                        .build());
    }

    private static RingCase ringCase(
            String id, int version, RingKind kind, long second, String... accounts) {
        List<RingMember> members =
                java.util.Arrays.stream(accounts)
                        .map(
                                a ->
                                        new RingMember(
                                                EntityType.ACCOUNT,
                                                a,
                                                Instant.EPOCH,
                                                Instant.ofEpochSecond(second)))
                        .toList();
        return RingCase.newBuilder()
                .setCaseId(id)
                .setVersion(version)
                .setKind(kind)
                .setStatus(CaseStatus.OPEN)
                .setScore(0.9)
                .setMembers(members)
                .setEdges(List.of())
                .setFirstSeen(Instant.EPOCH)
                .setLastSeen(Instant.ofEpochSecond(second))
                .setConfigVersion("test")
                .build();
    }

    @Test
    void aRingWithoutAnEventInTheDataIsNotCountedAndTheResultSaysSo() throws IOException {
        Path other = dir.resolve("silent");
        Files.createDirectories(other);
        ReplayEvaluation plain = handLabelled(other);
        // Two more rings in the labels, neither with an event in the data set.
        Files.writeString(
                other.resolve(GroundTruth.LABELS),
                "ACCOUNT,S1,R3,CASH_OUT,MEMBER,1970-01-01T00:00:00Z\n"
                        + "ACCOUNT,S2,R3,CASH_OUT,MEMBER,1970-01-01T00:00:00Z\n"
                        + "ACCOUNT,W,R4,ACCOUNT_TAKEOVER,VICTIM,1970-01-01T00:00:00Z\n",
                java.nio.file.StandardOpenOption.APPEND);
        ReplayEvaluation.Result without = plain.result(List.of());
        ReplayEvaluation.Result with =
                scored(new ReplayEvaluation(GroundTruth.read(other))).result(List.of());
        assertThat(without.ringsWithoutEvents()).isZero();
        assertThat(with.ringsWithoutEvents()).isEqualTo(2);
        assertThat(with.ring()).isEqualTo(without.ring());
        assertThat(with.patterns()).doesNotContainKey("CASH_OUT");
        assertThat(with.patterns().get("ACCOUNT_TAKEOVER").ring())
                .isEqualTo(without.patterns().get("ACCOUNT_TAKEOVER").ring());
    }

    @Test
    void theHistoryBeforeThePeriodIsScoredButCountedApart() throws IOException {
        ReplayEvaluation withHistory = new ReplayEvaluation(GroundTruth.read(dir)).countFrom(5_000);
        // Two events of the history (seconds 1 and 2, before the period at 5 s), one alerted.
        score(withHistory, "h1", "G", 1, 0.85, Decision.REVIEW);
        score(withHistory, "h2", "A", 2, 0.10, Decision.ALLOW);
        ReplayEvaluation.Result with = scored(withHistory).result(List.of());
        ReplayEvaluation.Result without = evaluation.result(List.of());
        assertThat(with.historyEvents()).isEqualTo(2);
        assertThat(with.historyAlerts()).isEqualTo(1);
        assertThat(without.historyEvents()).isZero();
        // The period's figures are those of the same data set without a history: G's alert is not
        // an account alerted, not a false alarm of the period.
        assertThat(with.events()).isEqualTo(without.events()).isEqualTo(8);
        assertThat(with.alerts()).isEqualTo(without.alerts());
        assertThat(with.falseAlarms()).isEqualTo(without.falseAlarms());
        assertThat(with.event()).isEqualTo(without.event());
        assertThat(with.account()).isEqualTo(without.account());
        assertThat(with.ring()).isEqualTo(without.ring());
        assertThat(ReportWriter.json(with, CONTEXT).path("history").path("alerts").asLong())
                .isEqualTo(1);
        assertThat(ReportWriter.json(without, CONTEXT).has("history")).isFalse();
    }

    @Test
    void eventLevelCountsEveryAlertedEventAgainstTheRingsEvents() {
        ReplayEvaluation.Result r = evaluation.result(List.of());
        assertThat(r.event()).isEqualTo(new Confusion(3, 2, 1));
        assertThat(r.event().precision()).isEqualTo(0.6);
        assertThat(r.event().recall()).isEqualTo(0.75);
        assertThat(r.event().f1()).isCloseTo(2 * 0.6 * 0.75 / 1.35, within(1e-12));
        assertThat(r.events()).isEqualTo(8);
        assertThat(r.alerts()).isEqualTo(5);
        assertThat(r.alertsPer10k()).isEqualTo(6_250.0);
        // e4 (D, no label) and e6 (V before its takeover) alerted honest customers.
        assertThat(r.falseAlarms()).isEqualTo(2);
        assertThat(r.falseAlarmsPer10k()).isEqualTo(2_500.0);
    }

    @Test
    void accountLevelIgnoresAlertsBeforeATakeover() {
        assertThat(evaluation.result(List.of()).account()).isEqualTo(new Confusion(3, 1, 1));
    }

    @Test
    void ringLevelTakesTheLatestVersionOfEachCaseAndAMajorityOfItsAccounts() {
        ReplayEvaluation.Result r = evaluation.result(List.of());
        assertThat(r.cases()).isEqualTo(2);
        // case-1 is right, case-2 (MULE_CHAIN of D and E) is not; the one ring is found.
        assertThat(r.ring()).isEqualTo(new RingMeasure(1, 2, 1, 1));
        assertThat(r.ring().precision()).isEqualTo(0.5);
        assertThat(r.ring().recall()).isEqualTo(1.0);
        assertThat(r.patterns().get("DEVICE_FARM").ring()).isEqualTo(new RingMeasure(1, 1, 1, 1));
        assertThat(r.patterns().get("ACCOUNT_TAKEOVER").ring())
                .isEqualTo(new RingMeasure(1, 2, 1, 1));
        assertThat(r.patterns().get("DEVICE_FARM").eventsFound()).isEqualTo(2);
        assertThat(r.patterns().get("DEVICE_FARM").accountsFound()).isEqualTo(2);
        // The wrong MULE_CHAIN case counts against its kind, which has no ring of its own.
        assertThat(r.patterns().get("MULE_CHAIN").ring()).isEqualTo(new RingMeasure(0, 1, 0, 0));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(ReportWriter.quantile(List.of(1.0, 2.0, 3.0, 10.0), 0.5)).isEqualTo(2.5);
        assertThat(ReportWriter.quantile(List.of(1.0, 2.0, 3.0), 0.5)).isEqualTo(2.0);
        assertThat(ReportWriter.quantile(List.of(4.0), 0.9)).isEqualTo(4.0);
        assertThat(ReportWriter.quantile(List.of(0.0, 10.0), 0.9)).isEqualTo(9.0);
    }

    @Test
    void aRingSplitIntoThreeCasesIsOneRingFoundAndACaseOfAnotherKindFindsIt() throws IOException {
        Path other = Files.createDirectories(dir.resolve("split"));
        Files.writeString(
                other.resolve(GroundTruth.LABELS),
                """
                entity_type,entity_id,ring_id,pattern,role,fraud_from
                ACCOUNT,A,R1,FAN_IN,COLLECTOR,1970-01-01T00:00:00Z
                ACCOUNT,B,R1,FAN_IN,SENDER,1970-01-01T00:00:00Z
                ACCOUNT,C,R1,FAN_IN,SENDER,1970-01-01T00:00:00Z
                ACCOUNT,D,R1,FAN_IN,SENDER,1970-01-01T00:00:00Z
                ACCOUNT,G,R2,FAN_IN,COLLECTOR,1970-01-01T00:00:00Z
                """);
        Files.writeString(
                other.resolve(GroundTruth.FRAUD_EVENTS),
                """
                event_id,event_time,ring_id
                e1,1970-01-01T00:00:10Z,R1
                e9,1970-01-01T00:00:20Z,R2
                """);
        Files.writeString(
                other.resolve(GroundTruth.HONEST),
                """
                account_id,kind
                H1,LARGE_FAMILY
                H2,LARGE_FAMILY
                H3,LARGE_FAMILY
                O1,OFFICE_NETWORK
                """);
        ReplayEvaluation e = new ReplayEvaluation(GroundTruth.read(other));
        score(e, "e1", "A", 10, 0.9, Decision.BLOCK);
        score(e, "h1", "H1", 12, 0.7, Decision.REVIEW);
        score(e, "h2", "H2", 13, 0.1, Decision.ALLOW);
        score(e, "o1", "O1", 14, 0.1, Decision.ALLOW);
        e.add(ringCase("case-1", 1, RingKind.MULE_CHAIN, 30, "A", "B"));
        e.add(ringCase("case-2", 1, RingKind.CASH_OUT, 40, "C", "D"));
        e.add(ringCase("case-3", 1, RingKind.DEVICE_FARM, 50, "A", "D", "X"));
        e.add(ringCase("case-4", 1, RingKind.DEVICE_FARM, 60, "H1", "H3"));
        ReplayEvaluation.Result r = e.result(List.of());
        // Three right cases of other kinds find R1 (one ring); R2 is missed; case-4 is wrong.
        assertThat(r.ring()).isEqualTo(new RingMeasure(3, 4, 1, 2));
        assertThat(r.ring().recall()).isEqualTo(0.5);
        assertThat(r.ring().casesPerRing()).isEqualTo(3.0);
        assertThat(r.patterns().get("FAN_IN").ring()).isEqualTo(new RingMeasure(3, 3, 1, 2));
        assertThat(r.patterns().get("DEVICE_FARM").ring()).isEqualTo(new RingMeasure(0, 1, 0, 0));
        assertThat(r.patterns().keySet()).containsExactly("DEVICE_FARM", "FAN_IN");
        assertThat(r.honest())
                .containsEntry("LARGE_FAMILY", new ReplayEvaluation.HonestResult(3, 1, 2))
                .containsEntry("OFFICE_NETWORK", new ReplayEvaluation.HonestResult(1, 0, 0));
    }

    @Test
    void takeoverVictimsWhoseMoneyACaseFollowsDoNotVoteOnItsRing() throws IOException {
        Path other = Files.createDirectories(dir.resolve("victims"));
        Files.writeString(
                other.resolve(GroundTruth.LABELS),
                """
                entity_type,entity_id,ring_id,pattern,role,fraud_from
                ACCOUNT,H,R1,FAN_OUT,MEMBER,1970-01-01T00:00:00Z
                ACCOUNT,P1,R1,FAN_OUT,MEMBER,1970-01-01T00:00:00Z
                ACCOUNT,V1,R1-V1,ACCOUNT_TAKEOVER,VICTIM,1970-01-01T00:00:00Z
                ACCOUNT,V2,R1-V2,ACCOUNT_TAKEOVER,VICTIM,1970-01-01T00:00:00Z
                ACCOUNT,V3,R1-V3,ACCOUNT_TAKEOVER,VICTIM,1970-01-01T00:00:00Z
                """);
        Files.writeString(
                other.resolve(GroundTruth.FRAUD_EVENTS),
                """
                event_id,event_time,ring_id
                e1,1970-01-01T00:00:10Z,R1
                """);
        ReplayEvaluation e = new ReplayEvaluation(GroundTruth.read(other));
        score(e, "e1", "H", 10, 0.1, Decision.ALLOW);
        // Three victims' money scattered by H: two of the five accounts are R1's, and R1 is all
        // that is not a victim.
        e.add(ringCase("case-1", 1, RingKind.MULE_CHAIN, 30, "V1", "V2", "V3", "H", "P1"));
        // Victims alone, or with an honest account as many as the ring's: no ring found.
        e.add(ringCase("case-2", 1, RingKind.MULE_CHAIN, 40, "V1", "V2"));
        e.add(ringCase("case-3", 1, RingKind.MULE_CHAIN, 50, "V3", "P1", "X"));
        ReplayEvaluation.Result r = e.result(List.of());
        assertThat(r.ring()).isEqualTo(new RingMeasure(1, 3, 1, 1));
        assertThat(r.patterns().get("FAN_OUT").ring()).isEqualTo(new RingMeasure(1, 1, 1, 1));
    }

    @Test
    void detectionDelayRunsFromTheFirstFraudulentEventToTheFirstCase() {
        // R1: first fraud event at 10 s, case-1 first emitted at 35 s; the takeover is alerted at
        // once.
        assertThat(evaluation.result(List.of()).detectionDelaysSeconds())
                .containsExactly(0.0, 25.0);
    }

    @Test
    void aSweepRecountsAtEachThreshold() {
        ReplayEvaluation.SweepPoint at07 = evaluation.result(List.of(0.7)).sweep().get(0);
        assertThat(at07.event()).isEqualTo(new Confusion(2, 2, 2));
        assertThat(at07.account()).isEqualTo(new Confusion(2, 1, 2));
        assertThat(at07.alertsPer10k()).isEqualTo(5_000.0);
    }

    @Test
    void theJsonReportHasTheAgreedShape() {
        JsonNode json =
                ReportWriter.json(
                        evaluation.result(List.of(0.5, 0.7)),
                        new ReportWriter.Context("tiny", "test", 0.6, 0.9));
        assertThat(json.at("/levels/event/precision").asDouble()).isEqualTo(0.6);
        assertThat(json.at("/levels/account/recall").asDouble()).isEqualTo(0.75);
        assertThat(json.at("/levels/ring/f1").asDouble()).isEqualTo(0.6667);
        assertThat(json.at("/patterns/DEVICE_FARM/ring/recall").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/alertsPer10k").asDouble()).isEqualTo(6_250.0);
        assertThat(json.at("/falseAlarmsPer10k").asDouble()).isEqualTo(2_500.0);
        // Delays 0 s and 25 s: the median is their mean.
        assertThat(json.at("/detectionDelaySeconds/median").asDouble()).isEqualTo(12.5);
        assertThat(json.at("/detectionDelaySeconds/p90").asDouble()).isEqualTo(22.5);
        assertThat(json.at("/levels/ring/casesPerRing").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/sweep")).hasSize(2);
        assertThat(json.at("/topFalsePositives/0/eventId").asText()).isEqualTo("e4");
    }

    @Test
    void theHtmlReportDrawsTheCurveWhenSwept() {
        String html =
                ReportWriter.html(
                        evaluation.result(List.of(0.5, 0.7, 0.9)),
                        new ReportWriter.Context("tiny", "test", 0.6, 0.9),
                        "");
        assertThat(html)
                .contains("<svg")
                .contains("<polyline")
                .contains("Top false positives")
                .doesNotContain("http-equiv");
    }

    @Test
    void sweepRangesAreParsedExactlyAndBadOnesNamed() {
        assertThat(Sweep.parse("score.review=0.5:0.95:0.05").thresholds())
                .hasSize(10)
                .startsWith(0.5)
                .endsWith(0.95);
        assertThatThrownBy(() -> Sweep.parse("score.block=0.5:0.9:0.1"))
                .hasMessageContaining("score.review=FROM:TO:STEP");
        assertThatThrownBy(() -> Sweep.parse("score.review=0.9:0.5:0.1"))
                .hasMessageContaining("0 <= FROM <= TO <= 1");
        assertThatThrownBy(() -> Sweep.parse("score.review=a:b:c"))
                .hasMessageContaining("must be numbers");
        assertThatThrownBy(() -> Sweep.parse("score.review=0:1:0.0001"))
                .hasMessageContaining("more than 1,000");
    }
}
