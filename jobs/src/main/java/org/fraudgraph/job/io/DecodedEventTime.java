package org.fraudgraph.job.io;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.types.Either;
import org.fraudgraph.schema.DeadLetter;

/**
 * Event time of a decoded event. A dead letter gets {@link Long#MIN_VALUE}, which never advances
 * the watermark: garbage must not move the job's clock.
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
        return element.isRight() ? EventTime.millis(element.right(), field) : Long.MIN_VALUE;
    }
}
