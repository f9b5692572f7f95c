package org.fraudgraph.job.types;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.node.NodeState;
import org.fraudgraph.ring.Evidence;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.risk.RiskSignal;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;

/**
 * Type information for the messages between the graph stages and the join's state, with
 * hand-written serializers: these records cross the network several times per event (one edge
 * request and one answer per node), so reflection-based POJO serialization was a large share of the
 * job's time. Enums are written by ordinal: only ever append constants to them.
 */
public final class GraphTypes {
    private GraphTypes() {}

    public static final RecordTypeInfo<EdgeRequest> EDGE_REQUEST =
            new RecordTypeInfo<>(EdgeRequest.class, EdgeRequestSerializer.INSTANCE);
    public static final RecordTypeInfo<NodeAnswer> NODE_ANSWER =
            new RecordTypeInfo<>(NodeAnswer.class, NodeAnswerSerializer.INSTANCE);
    public static final RecordTypeInfo<AccountPart> ACCOUNT_PART =
            new RecordTypeInfo<>(AccountPart.class, AccountPartSerializer.INSTANCE);
    public static final RecordTypeInfo<AccountEvent> ACCOUNT_EVENT =
            new RecordTypeInfo<>(AccountEvent.class, AccountEventSerializer.INSTANCE);
    public static final RecordTypeInfo<JoinBuffer> JOIN_BUFFER =
            new RecordTypeInfo<>(JoinBuffer.class, JoinBufferSerializer.INSTANCE);
    public static final RecordTypeInfo<RingLink> RING_LINK =
            new RecordTypeInfo<>(RingLink.class, RingLinkSerializer.INSTANCE);
    public static final RecordTypeInfo<RiskSignal> RISK_SIGNAL =
            new RecordTypeInfo<>(RiskSignal.class, RiskSignalSerializer.INSTANCE);
    public static final RecordTypeInfo<RiskInput> RISK_INPUT =
            new RecordTypeInfo<>(RiskInput.class, RiskInputSerializer.INSTANCE);

    private static final EdgeRequest.Op[] OPS = EdgeRequest.Op.values();
    private static final EventKind[] KINDS = EventKind.values();
    private static final AccountEvent.Feedback[] FEEDBACK = AccountEvent.Feedback.values();
    private static final RingLink.Relation[] RELATIONS = RingLink.Relation.values();
    private static final RiskSignal.Kind[] SIGNAL_KINDS = RiskSignal.Kind.values();
    private static final RiskSignal.Source[] SOURCES = RiskSignal.Source.values();

    /**
     * {@link EdgeRequest}, format 4 (reads 1 and 2, whose round amounts count for the merchant
     * whatever their payer, as they did then; and 3, whose payments a merchant does not keep and
     * whose accounts are not known to have registered).
     */
    public static final class EdgeRequestSerializer extends RecordSerializer<EdgeRequest> {
        private static final long serialVersionUID = 1L;
        static final EdgeRequestSerializer INSTANCE = new EdgeRequestSerializer();

        @Override
        public EdgeRequest createInstance() {
            return new EdgeRequest();
        }

        @Override
        public void serialize(EdgeRequest r, DataOutputView out) throws IOException {
            out.writeByte(4);
            writeString(r.node, out);
            writeString(r.eventId, out);
            out.writeLong(r.eventTimeMillis);
            out.writeLong(r.account);
            out.writeByte(r.op.ordinal());
            out.writeByte(
                    (r.application ? 1 : 0)
                            | (r.newAccount ? 2 : 0)
                            | (r.emulator ? 4 : 0)
                            | (r.rooted ? 8 : 0)
                            | (r.largeRound ? 16 : 0)
                            | (r.roundPayment ? 32 : 0));
            out.writeLong(r.amountMinor);
            out.writeLong(r.accountConfirmedMillis);
            writeNullableString(r.accountId, out);
            out.writeLong(r.registeredMillis);
        }

        @Override
        public EdgeRequest deserialize(DataInputView in) throws IOException {
            int format = readFormat(in, 1, 4, "edge request");
            EdgeRequest r = new EdgeRequest();
            r.node = readString(in);
            r.eventId = readString(in);
            r.eventTimeMillis = in.readLong();
            r.account = in.readLong();
            r.op = OPS[in.readUnsignedByte()];
            int flags = in.readUnsignedByte();
            r.application = (flags & 1) != 0;
            r.newAccount = (flags & 2) != 0;
            r.emulator = (flags & 4) != 0;
            r.rooted = (flags & 8) != 0;
            r.amountMinor = in.readLong();
            r.largeRound =
                    format >= 3
                            ? (flags & 16) != 0
                            : org.fraudgraph.feature.Amounts.round(r.amountMinor);
            r.accountConfirmedMillis = in.readLong();
            if (format >= 2) {
                r.accountId = readNullableString(in);
            }
            if (format >= 4) {
                r.roundPayment = (flags & 32) != 0;
                r.registeredMillis = in.readLong();
            }
            return r;
        }

        @Override
        public TypeSerializerSnapshot<EdgeRequest> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<EdgeRequest> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /**
     * {@link NodeAnswer}, format 4 (reads 1 and 2, whose answers have account 0; and 3, whose first
     * uses are not known to have registered and whose merchants hand over no round payments).
     */
    public static final class NodeAnswerSerializer extends RecordSerializer<NodeAnswer> {
        private static final long serialVersionUID = 1L;
        static final NodeAnswerSerializer INSTANCE = new NodeAnswerSerializer();

        @Override
        public NodeAnswer createInstance() {
            return new NodeAnswer();
        }

        @Override
        public void serialize(NodeAnswer a, DataOutputView out) throws IOException {
            out.writeByte(4);
            writeString(a.eventId, out);
            writeString(a.node, out);
            out.writeBoolean(a.query);
            writeInts(a.ids, out);
            writeDoubles(a.values, out);
            writeLongs(a.accounts, out);
            out.writeInt(a.others7d);
            out.writeInt(a.others24h);
            out.writeInt(a.taintDistance);
            out.writeLong(a.taintAgeMillis);
            out.writeDouble(a.burst);
            out.writeBoolean(a.shared);
            out.writeBoolean(a.firstUse != null);
            if (a.firstUse != null) {
                writeString(a.firstUse.accountId(), out);
                writeString(a.firstUse.eventId(), out);
                out.writeLong(a.firstUse.timeMillis());
            }
            out.writeLong(a.account);
            if (a.firstUse != null) {
                out.writeLong(a.firstUse.registeredMillis());
            }
            out.writeInt(a.roundPayments.length);
            for (NodeAnswer.Use u : a.roundPayments) {
                writeString(u.accountId(), out);
                writeString(u.eventId(), out);
                out.writeLong(u.timeMillis());
                out.writeLong(u.registeredMillis());
                out.writeLong(u.amountMinor());
            }
        }

        @Override
        public NodeAnswer deserialize(DataInputView in) throws IOException {
            int format = readFormat(in, 1, 4, "node answer");
            NodeAnswer a = new NodeAnswer();
            a.eventId = readString(in);
            a.node = readString(in);
            a.query = in.readBoolean();
            a.ids = readInts(in);
            a.values = readDoubles(in);
            a.accounts = readLongs(in);
            a.others7d = in.readInt();
            a.others24h = in.readInt();
            a.taintDistance = in.readInt();
            a.taintAgeMillis = in.readLong();
            a.burst = in.readDouble();
            a.shared = format >= 2 ? in.readBoolean() : a.others7d > 0;
            String firstAccount = null;
            String firstEvent = null;
            long firstAt = 0;
            if (format >= 2 && in.readBoolean()) {
                firstAccount = readString(in);
                firstEvent = readString(in);
                firstAt = in.readLong();
            }
            if (format >= 3) {
                a.account = in.readLong();
            }
            if (firstAccount != null) {
                long registered = format >= 4 ? in.readLong() : 0;
                a.firstUse = new NodeAnswer.Use(firstAccount, firstEvent, firstAt, registered, 0);
            }
            if (format >= 4) {
                int kept = in.readInt();
                if (kept < 0 || kept > NodeState.ROUND_PAYMENTS_KEPT) {
                    throw new IOException("a node answer hands over " + kept + " payments");
                }
                a.roundPayments = new NodeAnswer.Use[kept];
                for (int i = 0; i < kept; i++) {
                    a.roundPayments[i] =
                            new NodeAnswer.Use(
                                    readString(in),
                                    readString(in),
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong());
                }
            }
            return a;
        }

        @Override
        public TypeSerializerSnapshot<NodeAnswer> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<NodeAnswer> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** {@link AccountPart}, format 2. */
    public static final class AccountPartSerializer extends RecordSerializer<AccountPart> {
        private static final long serialVersionUID = 1L;
        static final AccountPartSerializer INSTANCE = new AccountPartSerializer();

        @Override
        public AccountPart createInstance() {
            return new AccountPart();
        }

        @Override
        public void serialize(AccountPart p, DataOutputView out) throws IOException {
            out.writeByte(2);
            writeString(p.eventId, out);
            out.writeByte(p.kind.ordinal());
            writeString(p.accountId, out);
            out.writeLong(p.eventTimeMillis);
            out.writeLong(p.account);
            out.writeLong(p.confirmedAtMillis);
            writeInts(p.ids, out);
            writeDoubles(p.values, out);
            out.writeInt(p.answersExpected);
            out.writeLong(p.amountMinor);
            writeString(p.counterpartyId, out);
        }

        @Override
        public AccountPart deserialize(DataInputView in) throws IOException {
            int format = readFormat(in, 1, 2, "account part");
            AccountPart p = new AccountPart();
            p.eventId = readString(in);
            p.kind = KINDS[in.readUnsignedByte()];
            p.accountId = readString(in);
            p.eventTimeMillis = in.readLong();
            p.account = in.readLong();
            p.confirmedAtMillis = in.readLong();
            p.ids = readInts(in);
            p.values = readDoubles(in);
            p.answersExpected = in.readInt();
            // Format 1 (before the ring stage, which needs the amount and the receiver) ends here.
            if (format >= 2) {
                p.amountMinor = in.readLong();
                p.counterpartyId = readString(in);
            }
            return p;
        }

        @Override
        public TypeSerializerSnapshot<AccountPart> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<AccountPart> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /**
     * {@link AccountEvent}, format 3 (reads 1 and 2): 2 adds the receiving account, 3 {@link
     * AccountEvent#accountCreatedMillis}.
     */
    public static final class AccountEventSerializer extends RecordSerializer<AccountEvent> {
        private static final long serialVersionUID = 1L;
        static final AccountEventSerializer INSTANCE = new AccountEventSerializer();

        @Override
        public AccountEvent createInstance() {
            return new AccountEvent();
        }

        @Override
        public void serialize(AccountEvent e, DataOutputView out) throws IOException {
            out.writeByte(3);
            writeString(e.eventId, out);
            out.writeByte(e.kind.ordinal());
            writeString(e.accountId, out);
            out.writeLong(e.eventTimeMillis);
            out.writeLong(e.amountMinor);
            out.writeByte(e.feedback.ordinal());
            writeString(e.subtype, out);
            writeStrings(e.nodes, out);
            writeString(e.city, out);
            out.writeByte((e.emulator ? 1 : 0) | (e.rooted ? 2 : 0) | (e.entityVerdict ? 4 : 0));
            writeString(e.counterpartyId, out);
            out.writeLong(e.accountCreatedMillis);
        }

        @Override
        public AccountEvent deserialize(DataInputView in) throws IOException {
            int format = readFormat(in, 1, 3, "account event");
            AccountEvent e = new AccountEvent();
            e.eventId = readString(in);
            e.kind = KINDS[in.readUnsignedByte()];
            e.accountId = readString(in);
            e.eventTimeMillis = in.readLong();
            e.amountMinor = in.readLong();
            e.feedback = FEEDBACK[in.readUnsignedByte()];
            e.subtype = readString(in);
            e.nodes = readStrings(in);
            e.city = readString(in);
            int flags = in.readUnsignedByte();
            e.emulator = (flags & 1) != 0;
            e.rooted = (flags & 2) != 0;
            e.entityVerdict = (flags & 4) != 0;
            // Format 1 (before the ring stage, which needs the receiving account) ends here.
            if (format >= 2) {
                e.counterpartyId = readString(in);
            }
            if (format >= 3) {
                e.accountCreatedMillis = in.readLong();
            }
            return e;
        }

        @Override
        public TypeSerializerSnapshot<AccountEvent> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<AccountEvent> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** {@link JoinBuffer}, format 1. */
    public static final class JoinBufferSerializer extends RecordSerializer<JoinBuffer> {
        private static final long serialVersionUID = 1L;
        static final JoinBufferSerializer INSTANCE = new JoinBufferSerializer();

        @Override
        public JoinBuffer createInstance() {
            return new JoinBuffer();
        }

        @Override
        public void serialize(JoinBuffer b, DataOutputView out) throws IOException {
            out.writeByte(1);
            out.writeBoolean(b.part != null);
            if (b.part != null) {
                AccountPartSerializer.INSTANCE.serialize(b.part, out);
            }
            out.writeInt(b.answers.length);
            for (NodeAnswer a : b.answers) {
                NodeAnswerSerializer.INSTANCE.serialize(a, out);
            }
        }

        @Override
        public JoinBuffer deserialize(DataInputView in) throws IOException {
            checkFormat(in, 1, "join buffer");
            JoinBuffer b = new JoinBuffer();
            if (in.readBoolean()) {
                b.part = AccountPartSerializer.INSTANCE.deserialize(in);
            }
            b.answers = new NodeAnswer[in.readInt()];
            for (int i = 0; i < b.answers.length; i++) {
                b.answers[i] = NodeAnswerSerializer.INSTANCE.deserialize(in);
            }
            return b;
        }

        @Override
        public TypeSerializerSnapshot<JoinBuffer> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<JoinBuffer> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /**
     * {@link RingLink}, format 4 (reads 1 to 3): 3 adds {@link RingLink#newAccount}, 4 {@link
     * RingLink#held}.
     */
    public static final class RingLinkSerializer extends RecordSerializer<RingLink> {
        private static final long serialVersionUID = 1L;
        static final RingLinkSerializer INSTANCE = new RingLinkSerializer();

        @Override
        public RingLink createInstance() {
            return new RingLink();
        }

        @Override
        public void serialize(RingLink l, DataOutputView out) throws IOException {
            out.writeByte(4);
            out.writeByte(l.relation.ordinal());
            writeString(l.accountId, out);
            writeString(l.target, out);
            writeString(l.eventId, out);
            out.writeLong(l.timeMillis);
            out.writeLong(l.amountMinor);
            out.writeBoolean(l.emulator);
            out.writeDouble(l.score);
            out.writeLong(l.reportedMillis);
            out.writeBoolean(l.newAccount);
            out.writeBoolean(l.held);
            Evidence x = l.evidence;
            out.writeBoolean(x != null);
            if (x != null) {
                writeString(x.eventId(), out);
                out.writeLong(x.timeMillis());
                out.writeByte(x.kind() == null ? -1 : x.kind().ordinal());
                writeString(x.accountId(), out);
                out.writeLong(x.amountMinor());
                writeNullableString(x.deviceId(), out);
                writeNullableString(x.ip(), out);
                writeNullableString(x.merchantId(), out);
                writeNullableString(x.counterpartyId(), out);
            }
        }

        @Override
        public RingLink deserialize(DataInputView in) throws IOException {
            int format = readFormat(in, 1, 4, "ring link");
            RingLink l = new RingLink();
            l.relation = RELATIONS[in.readUnsignedByte()];
            l.accountId = readString(in);
            l.target = readString(in);
            l.eventId = readString(in);
            l.timeMillis = in.readLong();
            l.amountMinor = in.readLong();
            l.emulator = in.readBoolean();
            l.score = in.readDouble();
            l.reportedMillis = format >= 2 ? in.readLong() : l.timeMillis;
            l.newAccount = format >= 3 && in.readBoolean();
            l.held = format >= 4 && in.readBoolean();
            if (format >= 2 && in.readBoolean()) {
                String eventId = readString(in);
                long time = in.readLong();
                byte kind = in.readByte();
                l.evidence =
                        new Evidence(
                                eventId,
                                time,
                                kind < 0 ? null : KINDS[kind],
                                readString(in),
                                in.readLong(),
                                readNullableString(in),
                                readNullableString(in),
                                readNullableString(in),
                                readNullableString(in));
            }
            return l;
        }

        @Override
        public TypeSerializerSnapshot<RingLink> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<RingLink> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** {@link RiskSignal}, format 1. */
    public static final class RiskSignalSerializer extends RecordSerializer<RiskSignal> {
        private static final long serialVersionUID = 1L;
        static final RiskSignalSerializer INSTANCE = new RiskSignalSerializer();

        @Override
        public RiskSignal createInstance() {
            return new RiskSignal();
        }

        @Override
        public void serialize(RiskSignal r, DataOutputView out) throws IOException {
            out.writeByte(1);
            out.writeByte(r.kind.ordinal());
            writeString(r.accountId, out);
            out.writeLong(r.timeMillis);
            writeNullableString(r.caseId, out);
            out.writeDouble(r.caseScore);
            out.writeBoolean(r.open);
            writeNullableString(r.fromAccountId, out);
            out.writeLong(r.amountMinor);
            out.writeByte(r.source == null ? -1 : r.source.ordinal());
        }

        @Override
        public RiskSignal deserialize(DataInputView in) throws IOException {
            readFormat(in, 1, 1, "risk signal");
            RiskSignal r = new RiskSignal();
            r.kind = SIGNAL_KINDS[in.readUnsignedByte()];
            r.accountId = readString(in);
            r.timeMillis = in.readLong();
            r.caseId = readNullableString(in);
            r.caseScore = in.readDouble();
            r.open = in.readBoolean();
            r.fromAccountId = readNullableString(in);
            r.amountMinor = in.readLong();
            byte source = in.readByte();
            r.source = source < 0 ? null : SOURCES[source];
            return r;
        }

        @Override
        public TypeSerializerSnapshot<RiskSignal> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<RiskSignal> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /**
     * {@link RiskInput}, format 1: a tag, then the signal ({@link RiskSignalSerializer}) or the
     * score field by field, each feature by its catalog number (every score crosses the network to
     * the risk stage: Avro's map of feature names cost the job 15 % of its throughput).
     */
    public static final class RiskInputSerializer extends RecordSerializer<RiskInput> {
        private static final long serialVersionUID = 1L;
        static final RiskInputSerializer INSTANCE = new RiskInputSerializer();
        private static final EventKind[] EVENT_KINDS = EventKind.values();
        private static final EntityType[] ENTITY_TYPES = EntityType.values();
        private static final Decision[] DECISIONS = Decision.values();

        @Override
        public RiskInput createInstance() {
            return new RiskInput();
        }

        @Override
        public void serialize(RiskInput r, DataOutputView out) throws IOException {
            out.writeByte(1);
            out.writeBoolean(r.score != null);
            if (r.score != null) {
                writeScore(r.score, out);
            } else {
                RiskSignalSerializer.INSTANCE.serialize(r.signal, out);
            }
        }

        @Override
        public RiskInput deserialize(DataInputView in) throws IOException {
            readFormat(in, 1, 1, "risk input");
            return in.readBoolean()
                    ? RiskInput.of(readScore(in))
                    : RiskInput.of(RiskSignalSerializer.INSTANCE.deserialize(in));
        }

        private static void writeScore(FraudScore s, DataOutputView out) throws IOException {
            writeString(s.getEventId(), out);
            out.writeByte(s.getEventKind().ordinal());
            out.writeLong(s.getEventTime().toEpochMilli());
            out.writeByte(s.getEntityType().ordinal());
            writeString(s.getEntityId(), out);
            out.writeDouble(s.getScore());
            out.writeByte(s.getDecision().ordinal());
            out.writeInt(s.getReasons().size());
            for (ReasonCode c : s.getReasons()) {
                writeString(c.getCode(), out);
                out.writeDouble(c.getContribution());
                writeNullableString(c.getDetail(), out);
            }
            Map<String, Double> features = s.getFeatures();
            out.writeInt(features.size());
            for (Map.Entry<String, Double> f : features.entrySet()) {
                int id = FeatureCatalog.idOrMinusOne(f.getKey());
                out.writeShort(id);
                if (id < 0) {
                    writeString(f.getKey(), out);
                }
                out.writeDouble(f.getValue());
            }
            writeString(s.getConfigVersion(), out);
        }

        private static FraudScore readScore(DataInputView in) throws IOException {
            String eventId = readString(in);
            EventKind kind = EVENT_KINDS[in.readUnsignedByte()];
            Instant time = Instant.ofEpochMilli(in.readLong());
            EntityType type = ENTITY_TYPES[in.readUnsignedByte()];
            String entityId = readString(in);
            double score = in.readDouble();
            Decision decision = DECISIONS[in.readUnsignedByte()];
            int reasonCount = in.readInt();
            List<ReasonCode> reasons = new ArrayList<>(reasonCount);
            for (int i = 0; i < reasonCount; i++) {
                reasons.add(
                        new ReasonCode(readString(in), in.readDouble(), readNullableString(in)));
            }
            int featureCount = in.readInt();
            // Written in the score's order (by name): kept in it without a tree's comparisons.
            Map<String, Double> features = new LinkedHashMap<>(featureCount * 4 / 3 + 1);
            for (int i = 0; i < featureCount; i++) {
                int id = in.readShort();
                String name = id < 0 ? readString(in) : FeatureCatalog.name(id);
                features.put(name, in.readDouble());
            }
            return new FraudScore(
                    eventId,
                    kind,
                    time,
                    type,
                    entityId,
                    score,
                    decision,
                    reasons,
                    features,
                    readString(in));
        }

        @Override
        public TypeSerializerSnapshot<RiskInput> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<RiskInput> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
