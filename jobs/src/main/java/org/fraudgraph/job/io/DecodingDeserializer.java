package org.fraudgraph.job.io;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;

/**
 * Turns each Kafka record into either a decoded event or a dead letter; it never throws on input,
 * so a poison record cannot stop the job. An event whose time is more than {@code maxFutureSkew}
 * ahead of the wall clock, or before {@link #EARLIEST_PLAUSIBLE}, is a dead letter too: it would
 * otherwise drag the watermark or sit in state forever.
 */
public final class DecodingDeserializer<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {
    private static final long serialVersionUID = 1L;

    /** No event of this platform happened before 2000. */
    public static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");

    private final AvroCodec<T> codec;
    private final long maxFutureSkewMillis;
    private final int eventTimeField;

    public DecodingDeserializer(Class<T> type, Duration maxFutureSkew) {
        this.codec = AvroCodec.of(type);
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.eventTimeField = EventTime.fieldOf(codec.schema());
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
        try {
            T event = codec.decode(record.value());
            long eventTime = EventTime.millis(event, eventTimeField);
            long now = System.currentTimeMillis();
            if (eventTime > now + maxFutureSkewMillis) {
                throw new DecodeException(
                        DeadLetterReason.EVENT_TIME_OUT_OF_RANGE,
                        "event time "
                                + Instant.ofEpochMilli(eventTime)
                                + " is more than "
                                + Duration.ofMillis(maxFutureSkewMillis)
                                + " ahead of the clock ("
                                + Instant.ofEpochMilli(now)
                                + ")");
            }
            if (eventTime < EARLIEST_PLAUSIBLE.toEpochMilli()) {
                throw new DecodeException(
                        DeadLetterReason.EVENT_TIME_OUT_OF_RANGE,
                        "event time "
                                + Instant.ofEpochMilli(eventTime)
                                + " is before "
                                + EARLIEST_PLAUSIBLE);
            }
            out.collect(Either.Right(event));
        } catch (DecodeException e) {
            out.collect(Either.Left(deadLetter(record, e)));
        }
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, DecodeException e) {
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setRecordTimestamp(
                        record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE
                                        || record.timestamp() < 0
                                ? null
                                : Instant.ofEpochMilli(record.timestamp()))
                .setReason(e.reason())
                .setDetail(e.getMessage())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setPayload(ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value()))
                .build();
    }

    @Override
    public TypeInformation<Either<DeadLetter, T>> getProducedType() {
        return new EitherTypeInfo<>(
                new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(codec.type()));
    }
}
