package org.fraudgraph.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.risk.RiskSignal;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.junit.jupiter.api.Test;

class GraphTypesTest {
    private static <T> T roundTrip(RecordTypeInfo<T> type, T value) throws IOException {
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        // What a checkpoint stores about the serializer restores a compatible one.
        DataOutputSerializer snapshotOut = new DataOutputSerializer(64);
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshotOut, snapshot);
        TypeSerializerSnapshot<T> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(snapshotOut.getCopyOfBuffer()),
                        GraphTypesTest.class.getClassLoader());
        TypeSerializerSchemaCompatibility<T> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        return back;
    }

    @Test
    void everyFieldOfAnEdgeRequestSurvives() throws IOException {
        EdgeRequest r = EdgeRequest.of(EdgeRequest.Op.QUERY, "CONTACT:c", "e-1", 1_234, -5);
        r.application = true;
        r.rooted = true;
        r.amountMinor = 499_000;
        r.accountConfirmedMillis = 77;
        EdgeRequest back = roundTrip(GraphTypes.EDGE_REQUEST, r);
        assertThat(back).usingRecursiveComparison().isEqualTo(r);
    }

    @Test
    void everyFieldOfAnAnswerAPartAnEventAndAJoinBufferSurvives() throws IOException {
        NodeAnswer a = new NodeAnswer();
        a.eventId = "e-1";
        a.node = "DEVICE:d";
        a.ids = new int[] {3, 9};
        a.values = new double[] {1.5, 30};
        a.accounts = new long[] {-1, 42};
        a.others7d = 29;
        a.others24h = 4;
        a.taintDistance = 2;
        a.taintAgeMillis = 3_600_000;
        a.burst = 12.25;
        assertThat(roundTrip(GraphTypes.NODE_ANSWER, a)).usingRecursiveComparison().isEqualTo(a);

        AccountPart p = new AccountPart();
        p.eventId = "e-1";
        p.kind = EventKind.APPLICATION;
        p.accountId = "acc-1";
        p.eventTimeMillis = 5;
        p.account = 6;
        p.confirmedAtMillis = 7;
        p.ids = new int[] {1};
        p.values = new double[] {2};
        p.answersExpected = 3;
        assertThat(roundTrip(GraphTypes.ACCOUNT_PART, p)).usingRecursiveComparison().isEqualTo(p);

        AccountEvent e =
                new AccountEvent(
                        "e-2", EventKind.DEVICE, "acc-2", 9, 0, AccountEvent.Feedback.NONE);
        e.subtype = "REGISTER";
        e.nodes = new String[] {"DEVICE:d", "PHONE:p"};
        e.emulator = true;
        assertThat(roundTrip(GraphTypes.ACCOUNT_EVENT, e)).usingRecursiveComparison().isEqualTo(e);

        JoinBuffer b = new JoinBuffer();
        b.add(a);
        assertThat(roundTrip(GraphTypes.JOIN_BUFFER, b)).usingRecursiveComparison().isEqualTo(b);
        b.part = p;
        assertThat(roundTrip(GraphTypes.JOIN_BUFFER, b)).usingRecursiveComparison().isEqualTo(b);
    }

    @Test
    void everyFieldOfARiskSignalAndARiskInputSurvives() throws IOException {
        RiskSignal c = RiskSignal.caseVersion("acc-1", 1_234, "case-x", 0.75, true);
        assertThat(roundTrip(GraphTypes.RISK_SIGNAL, c)).usingRecursiveComparison().isEqualTo(c);
        RiskSignal t =
                RiskSignal.taint("acc-2", 5_678, "acc-3", 120_000, RiskSignal.Source.FLAGGED, null);
        assertThat(roundTrip(GraphTypes.RISK_SIGNAL, t)).usingRecursiveComparison().isEqualTo(t);
        RiskInput signal = roundTrip(GraphTypes.RISK_INPUT, RiskInput.of(t));
        assertThat(signal.score).isNull();
        assertThat(signal.signal).usingRecursiveComparison().isEqualTo(t);
        assertThat(signal.accountId()).isEqualTo("acc-2");
        FraudScore score =
                FraudScore.newBuilder()
                        .setEventId("e-9")
                        .setEventKind(EventKind.TRANSACTION)
                        .setEventTime(Instant.ofEpochMilli(9_000))
                        .setEntityType(EntityType.ACCOUNT)
                        .setEntityId("acc-4")
                        .setScore(0.25)
                        .setDecision(Decision.ALLOW)
                        .setReasons(
                                List.of(
                                        new ReasonCode("OPEN_CASE_MEMBER", 1.0, "in a case"),
                                        new ReasonCode("X", 0.5, null)))
                        .setFeatures(Map.of("case.score", 0.5, "not.in.the.catalog", -2.0))
                        .setConfigVersion("graph-7")
                        .build();
        RiskInput back = roundTrip(GraphTypes.RISK_INPUT, RiskInput.of(score));
        assertThat(back.signal).isNull();
        assertThat(back.score).isEqualTo(score);
        assertThat(back.timeMillis()).isEqualTo(9_000);
    }
}
