package org.fraudgraph.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.EvidenceEvent;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingEdge;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An output record over the producer's limit is cut until it fits, and says so: the sink never
 * meets a record it cannot send.
 */
@Tag("hostile")
class FitToLimitTest {
    private static final int LIMIT = 1_047_552;
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    /**
     * A farm case of 20,000 accounts on 20,000 devices, with 20,000 evidence events: about 4 MB.
     */
    static RingCase hugeCase() {
        List<RingMember> members = new ArrayList<>();
        List<RingEdge> edges = new ArrayList<>();
        List<EvidenceEvent> evidence = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            members.add(new RingMember(EntityType.DEVICE, "device-" + i, T, T));
            members.add(new RingMember(EntityType.ACCOUNT, "account-" + i, T, T));
            edges.add(
                    new RingEdge(
                            EntityType.ACCOUNT,
                            "account-" + i,
                            EntityType.DEVICE,
                            "device-" + i,
                            "USES_DEVICE",
                            T,
                            T,
                            1L,
                            0L,
                            List.of("ev-" + i)));
            evidence.add(
                    new EvidenceEvent(
                            "ev-" + i,
                            T.plusSeconds(i),
                            EventKind.DEVICE,
                            "account-" + i,
                            0L,
                            "device-" + i,
                            "10.0.0.1",
                            null,
                            null));
        }
        return RingCase.newBuilder()
                .setCaseId("case-device-farm-1")
                .setVersion(3)
                .setKind(RingKind.DEVICE_FARM)
                .setStatus(CaseStatus.OPEN)
                .setScore(1.0)
                .setReasons(List.of(new ReasonCode("DEVICE_FARM", 1.0, "20000 accounts")))
                .setMembers(members)
                .setEdges(edges)
                .setFirstSeen(T)
                .setLastSeen(T)
                .setConfigVersion("test")
                .setEvidence(evidence)
                .build();
    }

    private static int size(RingCase c) {
        return AvroCodec.of(RingCase.class).encode(c).length;
    }

    @Test
    void aHugeCaseIsCutUntilItFitsAndSaysWhatWasKept() {
        RingCase whole = hugeCase();
        assertThat(size(whole)).isGreaterThan(2 * LIMIT);
        RingCase cut = FitToLimit.ringCase(whole, FitToLimitTest::size, LIMIT);
        assertThat(size(cut)).isLessThanOrEqualTo(LIMIT);
        assertThat(cut.getCaseId()).isEqualTo(whole.getCaseId());
        assertThat(cut.getVersion()).isEqualTo(whole.getVersion());
        assertThat(cut.getReasons().get(0).getCode()).isEqualTo(FitToLimit.CODE);
        assertThat(cut.getReasons().get(0).getDetail())
                .startsWith("cut to fit the 1,047,552-byte record limit: ")
                .contains("of 20,000 evidence events");
        assertThat(cut.getReasons()).extracting(ReasonCode::getCode).contains("DEVICE_FARM");
    }

    @Test
    void evidenceGoesFirstAndTheNewestIsKeptInTimeOrder() {
        RingCase evidenceOnly =
                RingCase.newBuilder(hugeCase()).setMembers(List.of()).setEdges(List.of()).build();
        RingCase cut = FitToLimit.ringCase(evidenceOnly, FitToLimitTest::size, 600_000);
        assertThat(size(cut)).isLessThanOrEqualTo(600_000);
        assertThat(cut.getEvidence())
                .isNotEmpty()
                .hasSizeLessThan(20_000)
                .isSortedAccordingTo(java.util.Comparator.comparing(EvidenceEvent::getEventTime))
                .last()
                .extracting(EvidenceEvent::getEventId)
                .isEqualTo("ev-19999");
    }

    @Test
    void membersAreCutLastAndAccountsBeforeOtherNodes() {
        RingCase cut = FitToLimit.ringCase(hugeCase(), FitToLimitTest::size, 200_000);
        assertThat(size(cut)).isLessThanOrEqualTo(200_000);
        assertThat(cut.getEvidence()).isEmpty();
        assertThat(cut.getEdges()).isEmpty();
        assertThat(cut.getMembers())
                .isNotEmpty()
                .allMatch(m -> m.getEntityType() == EntityType.ACCOUNT);
    }

    @Test
    void aCaseThatFitsIsLeftAlone() {
        RingCase small =
                RingCase.newBuilder(hugeCase())
                        .setMembers(List.of())
                        .setEdges(List.of())
                        .setEvidence(List.of())
                        .build();
        assertThat(FitToLimit.ringCase(small, FitToLimitTest::size, LIMIT)).isSameAs(small);
    }

    @Test
    void aScoreOverTheLimitLosesItsFeatureValuesFirst() {
        Map<String, Double> features = new HashMap<>();
        for (int i = 0; i < 60_000; i++) {
            features.put("feature.number_" + i, (double) i);
        }
        FraudScore score =
                FraudScore.newBuilder()
                        .setEventId("ev-1")
                        .setEventKind(EventKind.TRANSACTION)
                        .setEventTime(T)
                        .setEntityType(EntityType.ACCOUNT)
                        .setEntityId("acc-1")
                        .setScore(0.97)
                        .setDecision(Decision.BLOCK)
                        .setReasons(List.of(new ReasonCode("AMOUNT_1H", 2.0, "a lot")))
                        .setFeatures(features)
                        .setConfigVersion("test")
                        .build();
        AvroCodec<FraudScore> codec = AvroCodec.of(FraudScore.class);
        assertThat(codec.encode(score).length).isGreaterThan(LIMIT);
        FraudScore cut = FitToLimit.score(score, s -> codec.encode(s).length, LIMIT);
        assertThat(cut.getFeatures()).isEmpty();
        assertThat(cut.getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(cut.getReasons())
                .extracting(ReasonCode::getCode)
                .containsExactly(FitToLimit.CODE, "AMOUNT_1H");
    }

    @Test
    void theSinkSerializerSendsACaseThatFitsItsLimit() {
        AvroRecordSerializer<RingCase> serializer =
                new AvroRecordSerializer<>(
                        "cases", RingCase.class, RingCase::getCaseId, FitToLimit::ringCase, LIMIT);
        ProducerRecord<byte[], byte[]> record = serializer.serialize(hugeCase(), null, null);
        assertThat(record.value().length + record.key().length).isLessThanOrEqualTo(LIMIT);
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("case-device-farm-1");
    }
}
