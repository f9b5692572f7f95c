package org.fraudgraph.job.io;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
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
import org.fraudgraph.schema.codec.Pseudonymiser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each Kafka record into either a decoded event or a dead letter; it never throws on input,
 * so a poison record cannot stop the job. An event whose time is more than {@code maxFutureSkew}
 * ahead of the wall clock, or before {@link #EARLIEST_PLAUSIBLE}, is a dead letter too: it would
 * otherwise drag the watermark or sit in state forever; so is one with a field outside its {@link
 * FieldBounds bound} or a value no real event has ({@link EventValues}). A dead letter itself is
 * bounded (payload, key, detail), so it always fits the output producer's limit.
 *
 * <p>With a {@link PersonalDataKey} the platform's raw personal identifiers are replaced by their
 * keyed hash right here, before anything else sees them. A dead letter then carries the
 * pseudonymised event when it decoded, and no payload when it did not (its bytes may hold raw
 * identifiers that cannot be found in a record that does not decode; topic, partition and offset
 * still point at it).
 */
public final class DecodingDeserializer<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodingDeserializer.class);

    /**
     * The most of a record's value a dead letter carries: a quarter of the producer's default 1 MiB
     * request limit, so a dead letter always fits whatever arrived (inputs of up to the broker's
     * limit, which an operator may raise).
     */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** The most of a record's key a dead letter carries (keys are account ids). */
    public static final int MAX_KEY_BYTES = 1024;

    /** The most characters of a dead letter's detail. */
    public static final int MAX_DETAIL_CHARS = 1000;

    /** No event of this platform happened before 2000. */
    public static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");

    private final AvroCodec<T> codec;
    private final long maxFutureSkewMillis;
    private final int eventTimeField;
    private final PersonalDataKey personalDataKey;
    private transient Pseudonymiser pseudonymiser;

    /** Without an HMAC key, one in this many events is checked for raw personal identifiers. */
    static final int UNHASHED_SAMPLE = 1_000;

    private transient long decoded;
    private transient long lastUnhashedWarning = Long.MIN_VALUE / 2;
    private transient org.apache.flink.metrics.Counter unhashedSeen;

    public DecodingDeserializer(Class<T> type, Duration maxFutureSkew) {
        this(type, maxFutureSkew, null);
    }

    /**
     * @param personalDataKey where the HMAC key is, when personal identifiers arrive raw; else null
     */
    public DecodingDeserializer(
            Class<T> type, Duration maxFutureSkew, PersonalDataKey personalDataKey) {
        this.codec = AvroCodec.of(type);
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.eventTimeField = EventTime.fieldOf(codec.schema());
        this.personalDataKey = personalDataKey;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        pseudonymiser = personalDataKey == null ? null : personalDataKey.load();
        lastUnhashedWarning = Long.MIN_VALUE / 2;
        if (context != null && context.getMetricGroup() != null) {
            unhashedSeen = context.getMetricGroup().counter("personalDataUnhashed");
        }
        if (pseudonymiser != null) {
            LOG.info(
                    "personal identifiers of {} are hashed with the HMAC key from {}",
                    codec.type().getSimpleName(),
                    personalDataKey.describe());
        }
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
        T event = null;
        try {
            event = codec.decode(record.value());
            if (pseudonymiser != null) {
                pseudonymiser.apply(event);
            }
            if (pseudonymiser == null && decoded++ % UNHASHED_SAMPLE == 0) {
                noticeUnhashed(event);
            }
            String tooLong = FieldBounds.problem(event);
            if (tooLong != null) {
                throw new DecodeException(DeadLetterReason.FIELD_TOO_LONG, tooLong);
            }
            String impossible = EventValues.problem(event);
            if (impossible != null) {
                throw new DecodeException(DeadLetterReason.VALUE_OUT_OF_RANGE, impossible);
            }
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
            String created = EventValues.accountCreated(event, eventTime, maxFutureSkewMillis);
            if (created != null) {
                throw new DecodeException(DeadLetterReason.VALUE_OUT_OF_RANGE, created);
            }
            out.collect(Either.Right(event));
        } catch (DecodeException e) {
            out.collect(Either.Left(deadLetter(record, e, event)));
        }
    }

    private DeadLetter deadLetter(
            ConsumerRecord<byte[], byte[]> record, DecodeException e, T decoded) {
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        byte[] key = record.key();
        String detail = e.getMessage();
        if (pseudonymiser == null && decoded != null) {
            String unhashed = Pseudonymiser.unhashedField(decoded);
            if (unhashed != null) {
                // Raw personal data while the job was told it arrives hashed: not kept.
                payload = new byte[0];
                detail +=
                        " (payload withheld: its "
                                + unhashed
                                + " does not look like a keyed hash, and the job has no HMAC key)";
            }
        }
        if (pseudonymiser != null) {
            key = null;
            if (decoded != null) {
                payload = codec.encode(decoded);
                detail += " (payload: the event with its personal identifiers hashed)";
            } else {
                payload = new byte[0];
                detail += " (payload withheld: it may hold raw personal identifiers)";
            }
        }
        // A dead letter must fit the output producer's limit whatever arrived: a cut part keeps
        // its length and SHA-256, and topic, partition and offset still point at the original.
        if (payload.length > MAX_PAYLOAD_BYTES) {
            detail += " (payload " + cut(payload.length, MAX_PAYLOAD_BYTES) + sha256(payload) + ")";
            payload = Arrays.copyOf(payload, MAX_PAYLOAD_BYTES);
        }
        if (key != null && key.length > MAX_KEY_BYTES) {
            detail += " (key " + cut(key.length, MAX_KEY_BYTES) + sha256(key) + ")";
            key = Arrays.copyOf(key, MAX_KEY_BYTES);
        }
        if (detail.length() > MAX_DETAIL_CHARS) {
            detail = detail.substring(0, MAX_DETAIL_CHARS - 1) + "…";
        }
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
                .setDetail(detail)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setPayload(ByteBuffer.wrap(payload))
                .build();
    }

    private static String cut(int length, int kept) {
        return String.format("of %,d bytes cut to the first %,d; SHA-256 ", length, kept);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Without an HMAC key the job takes personal identifiers to arrive hashed; one in {@value
     * #UNHASHED_SAMPLE} events is checked, and one that does not look hashed is counted in {@code
     * personalDataUnhashed} and logged (at most once a minute, naming the field, never the value).
     */
    private void noticeUnhashed(T event) {
        String unhashed = Pseudonymiser.unhashedField(event);
        if (unhashed == null) {
            return;
        }
        if (unhashedSeen != null) {
            unhashedSeen.inc();
        }
        long now = System.currentTimeMillis();
        if (now - lastUnhashedWarning >= 60_000) {
            lastUnhashedWarning = now;
            LOG.warn(
                    "{} {} does not look like a keyed hash, and the job has no HMAC key: if your"
                            + " platform sends personal identifiers raw, start the job with"
                            + " --hmac-key-file (they are in state and outputs as they arrived)",
                    codec.type().getSimpleName(),
                    unhashed);
        }
    }

    @Override
    public TypeInformation<Either<DeadLetter, T>> getProducedType() {
        return new EitherTypeInfo<>(
                new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(codec.type()));
    }
}
