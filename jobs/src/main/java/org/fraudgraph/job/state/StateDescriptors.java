package org.fraudgraph.job.state;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.window.AccountActivity;

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

    /** Ring cases; nothing emits them until the ring stage exists. */
    public static final OutputTag<RingCase> RING_CASES =
            new OutputTag<>("ring-cases", new AvroTypeInfo<>(RingCase.class));

    /**
     * Per account: rolling 24 h counters (bounded buckets) and the confirmed-fraud mark. Cleared by
     * an event-time timer at {@code max(last event + window, fraud verdict + taint retention) +
     * lateness}; the processing-time TTL is a safety net for keys whose timer never fires (a
     * stalled watermark).
     */
    public static ValueStateDescriptor<AccountActivity> accountActivity(Duration ttl) {
        ValueStateDescriptor<AccountActivity> descriptor =
                new ValueStateDescriptor<>(
                        "accountActivity", TypeInformation.of(AccountActivity.class));
        descriptor.enableTimeToLive(ttl(ttl));
        return descriptor;
    }

    /**
     * Per account, replay only: events waiting for the watermark, by event time. Each entry is
     * removed by the event-time timer at its own time; TTL as a safety net.
     */
    public static MapStateDescriptor<Long, List<AccountEvent>> pendingByMillis(Duration ttl) {
        MapStateDescriptor<Long, List<AccountEvent>> descriptor =
                new MapStateDescriptor<>(
                        "pendingByMillis",
                        Types.LONG,
                        Types.LIST(TypeInformation.of(AccountEvent.class)));
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
