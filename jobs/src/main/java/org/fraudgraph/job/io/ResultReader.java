package org.fraudgraph.job.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;

/**
 * Reads an output topic as a fraud team's consumer would: from the beginning, {@code
 * read_committed} (only results of completed checkpoints), decoding Avro single-object records.
 * Used by the demo and the integration tests.
 */
public final class ResultReader<T extends SpecificRecord> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroCodec<T> codec;

    public ResultReader(String bootstrapServers, String topic, Class<T> type) {
        this(KafkaSettings.of(bootstrapServers), topic, type);
    }

    public ResultReader(KafkaSettings kafka, String topic, Class<T> type) {
        this.consumer = CommittedTopics.consumer(kafka, "reader", "earliest");
        this.consumer.subscribe(List.of(topic));
        this.codec = AvroCodec.of(type);
    }

    /**
     * Whatever arrives within {@code timeout}, decoded. A record that does not decode fails loudly:
     * it is our own.
     */
    public List<T> poll(Duration timeout) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            out.add(decode(record));
        }
        return out;
    }

    /** Raw records, for checks on keys and headers. */
    public List<ConsumerRecord<byte[], byte[]>> pollRaw(Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        consumer.poll(timeout).forEach(out::add);
        return out;
    }

    public T decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decode(record.value());
        } catch (DecodeException e) {
            throw new IllegalStateException(
                    "record "
                            + record.topic()
                            + "-"
                            + record.partition()
                            + "@"
                            + record.offset()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Polls until {@code count} records have arrived or {@code timeout} has passed; returns what
     * arrived.
     */
    public List<T> readAtLeast(int count, Duration timeout) {
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            out.addAll(poll(Duration.ofMillis(200)));
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
