package org.fraudgraph.job.io;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.types.Either;
import org.fraudgraph.schema.DeadLetter;

/**
 * The time the job trusts for a decoded event: its own event time, but never later than the moment
 * it reached the broker (the Kafka record's timestamp) nor later than the job's wall clock. Nothing
 * happens after it was written down, so a client that stamps its events ahead gains nothing: the
 * forged event sits in the graph at its arrival, cannot age out what it shares a device with, and
 * cannot drag its partition's watermark (and so everyone's) ahead. How far ahead it claimed to be
 * stays a feature ({@code event.clock_ahead_minutes}, set by the account stage, which sees both
 * times). The record timestamp is the broker's own clock on topics with {@code
 * message.timestamp.type=LogAppendTime}; on topics that keep the producer's time it is the platform
 * producer's clock, and the job's wall clock bounds it either way.
 *
 * <p>A dead letter gets {@link Long#MIN_VALUE}, which never advances the watermark: garbage must
 * not move the job's clock.
 */
final class DecodedEventTime<T extends SpecificRecordBase>
        implements SerializableTimestampAssigner<Either<DeadLetter, T>> {
    private static final long serialVersionUID = 1L;

    private final int field;

    DecodedEventTime(Class<T> type) {
        this.field = EventTime.fieldOf(SpecificData.get().getSchema(type));
    }

    @Override
    public long extractTimestamp(Either<DeadLetter, T> element, long recordTimestamp) {
        if (!element.isRight()) {
            return Long.MIN_VALUE;
        }
        return trusted(EventTime.millis(element.right(), field), recordTimestamp);
    }

    /**
     * The claimed event time, bounded by the record's arrival (when it has a timestamp) and the
     * wall clock.
     */
    static long trusted(long claimedMillis, long recordTimestamp) {
        long arrived = System.currentTimeMillis();
        if (recordTimestamp >= DecodingDeserializer.EARLIEST_PLAUSIBLE.toEpochMilli()) {
            arrived = Math.min(arrived, recordTimestamp);
        }
        return Math.min(claimedMillis, arrived);
    }
}
