package org.fraudgraph.job.io;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /**
     * Whether a client setting carries a secret by its name (a password, a JAAS login with its
     * credentials, a key or token) and holds it as such rather than a config provider reference
     * like {@code ${file:/etc/kafka/secrets.properties:password}}.
     */
    public static boolean holdsSecret(String key, String value) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        boolean secretName =
                k.contains("password")
                        || k.contains("jaas")
                        || k.contains("secret")
                        || k.contains("token")
                        || k.endsWith(".key");
        return secretName && value != null && !value.strip().matches("\\$\\{[^}]+\\}");
    }

    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }

    /** These settings with more client properties; an entry of {@code more} wins. */
    public KafkaSettings withClientProperties(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(clientProperties);
        all.putAll(more);
        return new KafkaSettings(
                bootstrapServers,
                all,
                groupId,
                startFromEarliest,
                transactionalIdPrefix,
                transactionTimeout);
    }

    /** The client properties plus {@code bootstrap.servers}: what a plain Kafka client needs. */
    public Properties clientConfig() {
        Properties properties = properties();
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /**
     * The settings in a Java properties file ({@code --kafka-properties}); a problem is an
     * IOException with a one-line message that names {@code flag} and the file.
     */
    public static Map<String, String> readPropertiesFile(Path file, String flag)
            throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IOException(flag + " " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(flag + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key, p.getProperty(key));
        }
        return out;
    }
}
