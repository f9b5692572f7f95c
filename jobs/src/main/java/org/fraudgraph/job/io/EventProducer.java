package org.fraudgraph.job.io;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.codec.AvroCodec;

/**
 * Writes input events to their topics as the platform would: Avro single-object bytes, keyed by
 * account (or entity) id. Used by the demo and the integration tests.
 */
public final class EventProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /** Counts a send the broker did not take, so {@link #flush} can say so. */
    private final Callback tally =
            (metadata, exception) -> {
                if (exception != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, exception);
                }
            };

    private final Map<Class<?>, AvroCodec<?>> codecs =
            Map.of(
                    TransactionEvent.class, AvroCodec.of(TransactionEvent.class),
                    DeviceEvent.class, AvroCodec.of(DeviceEvent.class),
                    ApplicationEvent.class, AvroCodec.of(ApplicationEvent.class),
                    FeedbackEvent.class, AvroCodec.of(FeedbackEvent.class));

    public EventProducer(String bootstrapServers, Topics topics) {
        this(KafkaSettings.of(bootstrapServers), topics);
    }

    public EventProducer(KafkaSettings kafka, Topics topics) {
        Properties properties = kafka.clientConfig();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer =
                new KafkaProducer<>(
                        properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    /** Sends one input event to the topic of its kind. */
    public void send(SpecificRecord event) {
        dispatch(recordOf(event), tally);
    }

    /**
     * Sends one input event; {@code callback} hears where it landed (with the broker's time when
     * the topic keeps {@code LogAppendTime}).
     */
    public void send(SpecificRecord event, Callback callback) {
        dispatch(
                recordOf(event),
                (metadata, exception) -> {
                    tally.onCompletion(metadata, exception);
                    callback.onCompletion(metadata, exception);
                });
    }

    /** Sends bytes as they are, good or bad. */
    public void sendRaw(String topic, byte[] key, byte[] value) {
        dispatch(new ProducerRecord<>(topic, key, value), tally);
    }

    private ProducerRecord<byte[], byte[]> recordOf(SpecificRecord event) {
        return new ProducerRecord<>(
                topicOf(event), keyOf(event).getBytes(StandardCharsets.UTF_8), encode(event));
    }

    /** Every send goes here: counted, and heard by a callback that includes {@link #tally}. */
    private void dispatch(ProducerRecord<byte[], byte[]> record, Callback callback) {
        sent.incrementAndGet();
        producer.send(record, callback);
    }

    public byte[] encode(SpecificRecord event) {
        @SuppressWarnings("unchecked")
        AvroCodec<SpecificRecord> codec = (AvroCodec<SpecificRecord>) codecs.get(event.getClass());
        if (codec == null) {
            throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
        }
        return codec.encode(event);
    }

    public String topicOf(SpecificRecord event) {
        if (event instanceof TransactionEvent) {
            return topics.transactions();
        }
        if (event instanceof DeviceEvent) {
            return topics.devices();
        }
        if (event instanceof ApplicationEvent) {
            return topics.applications();
        }
        if (event instanceof FeedbackEvent) {
            return topics.feedback();
        }
        throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
    }

    private static String keyOf(SpecificRecord event) {
        if (event instanceof FeedbackEvent feedback) {
            return feedback.getEntityId();
        }
        return String.valueOf(event.get(event.getSchema().getField("accountId").pos()));
    }

    /**
     * Ends a data set for a job in event-time order: sends to every partition of each event kind's
     * topic a copy of that kind's last event, for account (or entity) {@value #END_OF_DATA}, at
     * {@code atMillis}. Every partition's event time then passes the data's end, so the job
     * releases every real event whichever partition it reads last; the markers themselves stay held
     * back.
     *
     * @param lastOfKind the last event sent of each kind (kinds without events get no marker)
     * @return how many markers were sent
     */
    public int sendEndMarkers(Iterable<SpecificRecord> lastOfKind, long atMillis) {
        int markers = 0;
        for (SpecificRecord last : lastOfKind) {
            String topic = topicOf(last);
            for (var partition : producer.partitionsFor(topic)) {
                SpecificRecord marker =
                        org.apache.avro.specific.SpecificData.get()
                                .deepCopy(last.getSchema(), last);
                put(marker, "eventId", END_OF_DATA + "-" + topic + "-" + partition.partition());
                put(marker, EventTime.FIELD, java.time.Instant.ofEpochMilli(atMillis));
                put(
                        marker,
                        marker instanceof FeedbackEvent ? "entityId" : "accountId",
                        END_OF_DATA);
                dispatch(
                        new ProducerRecord<>(
                                topic,
                                partition.partition(),
                                END_OF_DATA.getBytes(StandardCharsets.UTF_8),
                                encode(marker)),
                        tally);
                markers++;
            }
        }
        return markers;
    }

    /** The account (or entity) of {@link #sendEndMarkers}' events. */
    public static final String END_OF_DATA = "end-of-data";

    private static void put(SpecificRecord record, String field, Object value) {
        record.put(record.getSchema().getField(field).pos(), value);
    }

    /**
     * Waits until every record sent so far is acknowledged or has failed.
     *
     * @throws IllegalStateException when any record sent by this producer was not written (the
     *     broker refused it or the delivery timeout ran out): how many, and the first reason
     */
    public void flush() {
        producer.flush();
        long lost = failed.get();
        if (lost > 0) {
            Exception first = firstFailure.get();
            throw new IllegalStateException(
                    String.format(
                            "%,d of %,d records were not written to Kafka; the first because: %s",
                            lost,
                            sent.get(),
                            first.getMessage() != null
                                    ? first.getMessage()
                                    : first.getClass().getSimpleName()));
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
