package org.fraudgraph.job.state;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.types.GraphTypes;
import org.fraudgraph.job.types.JoinBuffer;
import org.fraudgraph.job.types.RiskInput;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.risk.RiskSignal;
import org.fraudgraph.schema.DeadLetter;

/**
 * Every state descriptor and side output of the job, in one place. State names never change once
 * shipped: a savepoint finds its state by operator uid and state name.
 */
public final class StateDescriptors {
    private StateDescriptors() {}

    /**
     * Records that did not decode, with the reason; from every decoding operator to the dead-letter
     * sink.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Suspicious links from the join to the ring stage. */
    public static final OutputTag<RingLink> RING_LINKS =
            new OutputTag<>("ring-links", GraphTypes.RING_LINK);

    /**
     * Risk that spreads to an account: from the ring stage (a case version to each member account,
     * money sent by an open case's member) and from the join (money sent in a flagged transfer or
     * by a confirmed fraud), to the risk stage.
     */
    public static final OutputTag<RiskSignal> RISK_SIGNALS =
            new OutputTag<>("risk-signals", GraphTypes.RISK_SIGNAL);

    /** The account's half of each event's feature vector, from the account stage to the join. */
    public static final OutputTag<AccountPart> ACCOUNT_PARTS =
            new OutputTag<>("account-parts", GraphTypes.ACCOUNT_PART);

    /**
     * Per account: {@link org.fraudgraph.node.AccountState} as bytes (velocity, devices, IPs,
     * novelty, identity nodes, fraud mark). Cleared by an event-time timer once its longest memory
     * has passed; the processing-time TTL is a safety net for keys whose timer never fires (a
     * stalled watermark).
     */
    public static ValueStateDescriptor<byte[]> accountGraph(Duration ttl) {
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>(
                        "accountGraph", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(ttl(ttl));
        return descriptor;
    }

    /**
     * Per node (device, IP, phone, merchant...): {@link org.fraudgraph.node.NodeState} as bytes.
     * Cleared by an event-time timer 7 d after the node was last touched (later while a fraud
     * verdict on it still counts); TTL as a safety net.
     */
    public static ValueStateDescriptor<byte[]> nodeGraph(Duration ttl) {
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>(
                        "nodeGraph", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(ttl(ttl));
        return descriptor;
    }

    /**
     * The feature join's half-built vectors at a checkpoint (union operator state: on restore each
     * subtask keeps the ones whose event id it owns). Only events in flight: emptied as their
     * answers arrive.
     */
    /** Broadcast: the scoring model in force (JSON) under the key {@code active}. */
    public static final MapStateDescriptor<String, String> SCORING_MODEL =
            new MapStateDescriptor<>("scoringModel", Types.STRING, Types.STRING);

    /** The ring stage's store, serialized (one entry: the stage runs as one subtask). */
    public static ListStateDescriptor<byte[]> ringStore() {
        return new ListStateDescriptor<>(
                "ringStore", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** The ring stage's links waiting for the watermark. */
    public static ListStateDescriptor<RingLink> ringPending() {
        return new ListStateDescriptor<>("ringPending", GraphTypes.RING_LINK);
    }

    public static ListStateDescriptor<JoinBuffer> joinWaiting() {
        return new ListStateDescriptor<>("joinWaiting", GraphTypes.JOIN_BUFFER);
    }

    /**
     * Per account, replay only: events waiting for the watermark, by event time. Each entry is
     * removed by the event-time timer at its own time; TTL as a safety net.
     */
    public static MapStateDescriptor<Long, List<AccountEvent>> pendingByMillis(Duration ttl) {
        MapStateDescriptor<Long, List<AccountEvent>> descriptor =
                new MapStateDescriptor<>(
                        "pendingByMillis", Types.LONG, Types.LIST(GraphTypes.ACCOUNT_EVENT));
        descriptor.enableTimeToLive(ttl(ttl));
        return descriptor;
    }

    /**
     * Per account: {@link org.fraudgraph.risk.AccountRisk} as bytes (open cases it is a member of,
     * risky senders). Cleared by an event-time timer when its last entry is forgotten; TTL as a
     * safety net.
     */
    public static ValueStateDescriptor<byte[]> accountRisk(Duration ttl) {
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>(
                        "accountRisk", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(ttl(ttl));
        return descriptor;
    }

    /**
     * Per account, replay only: the risk stage's scores and signals waiting for the watermark, by
     * event time. Each entry is removed by the timer at its own time; TTL as a safety net.
     */
    public static MapStateDescriptor<Long, List<RiskInput>> riskPending(Duration ttl) {
        MapStateDescriptor<Long, List<RiskInput>> descriptor =
                new MapStateDescriptor<>(
                        "riskPending", Types.LONG, Types.LIST(GraphTypes.RISK_INPUT));
        descriptor.enableTimeToLive(ttl(ttl));
        return descriptor;
    }

    private static StateTtlConfig ttl(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }
}
