package org.fraudgraph.job.io;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How the job talks to Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientProperties extra client settings for every source and sink (security, timeouts, ...)
 * @param groupId consumer group of the sources (offsets are committed on checkpoints, for
 *     monitoring only)
 * @param startFromEarliest where a source starts when its group has no committed offsets and no
 *     checkpoint exists: the earliest offset, else the latest
 * @param transactionalIdPrefix prefix of the exactly-once sinks' transactional ids; unique per job
 *     on a cluster
 * @param transactionTimeout Kafka transaction timeout; at most the broker's {@code
 *     transaction.max.timeout.ms}
 */
public record KafkaSettings(
        String bootstrapServers,
        Map<String, String> clientProperties,
        String groupId,
        boolean startFromEarliest,
        String transactionalIdPrefix,
        Duration transactionTimeout)
        implements Serializable {

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be empty");
        }
        clientProperties = new TreeMap<>(clientProperties == null ? Map.of() : clientProperties);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(
                bootstrapServers,
                Map.of(),
                "fraudgraph",
                true,
                "fraudgraph",
                Duration.ofMinutes(10));
    }

    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }
}
