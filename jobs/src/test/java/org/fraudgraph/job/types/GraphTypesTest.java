package org.fraudgraph.job.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.state.EdgeBatch;
import org.fraudgraph.job.state.JoinBuffer;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.schema.EventKind;
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
    void everyFieldOfAnEdgeBatchSurvives() throws IOException {
        EdgeRequest query = EdgeRequest.of(EdgeRequest.Op.QUERY, "CONTACT:c", "e-1", 1_234, -5);
        query.accountConfirmedMillis = 77;
        EdgeRequest update = EdgeRequest.of(EdgeRequest.Op.UPDATE, "DEVICE:d", "e-1", 1_234, -5);
        update.application = true;
        update.rooted = true;
        update.amountMinor = 499_000;
        update.accountId = "acc-1";
        EdgeBatch batch = new EdgeBatch(new EdgeRequest[] {query, update});
        EdgeBatch back = roundTrip(GraphTypes.EDGE_BATCH, batch);
        assertThat(back).usingRecursiveComparison().isEqualTo(batch);
    }

    @Test
    void aBatchOfTwoEventsIsRefused() {
        EdgeBatch mixed =
                new EdgeBatch(
                        new EdgeRequest[] {
                            EdgeRequest.of(EdgeRequest.Op.UPDATE, "DEVICE:d", "e-1", 1, 5),
                            EdgeRequest.of(EdgeRequest.Op.UPDATE, "DEVICE:d", "e-2", 1, 5)
                        });
        assertThatThrownBy(() -> roundTrip(GraphTypes.EDGE_BATCH, mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one event's requests");
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
}
