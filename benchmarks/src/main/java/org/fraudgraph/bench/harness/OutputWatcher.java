package org.fraudgraph.bench.harness;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records of an output topic as they are written, before their transaction commits
 * ({@code read_uncommitted}): the moment the job emits a result, not the checkpoint that makes it
 * visible to a fraud team. Runs on its own thread.
 */
public final class OutputWatcher implements AutoCloseable {
    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile RuntimeException failure;

    /**
     * @param each called for every record on the watcher's thread, or {@code null}
     */
    public OutputWatcher(
            String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fraudgraph-bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread =
                new Thread(
                        () -> {
                            try (consumer) {
                                while (!stop.get()) {
                                    for (ConsumerRecord<byte[], byte[]> r :
                                            consumer.poll(Duration.ofMillis(50))) {
                                        if (each != null) {
                                            each.accept(r);
                                        }
                                        count.incrementAndGet();
                                    }
                                }
                            } catch (RuntimeException e) {
                                failure = e;
                            }
                        },
                        "bench-watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Records seen so far. */
    public long count() {
        if (failure != null) {
            throw new IllegalStateException("reading the output failed: " + failure, failure);
        }
        return count.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
    }
}
