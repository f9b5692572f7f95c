package org.fraudgraph.cli;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.fraudgraph.job.io.KafkaSettings;
import org.fraudgraph.job.io.Topics;

/**
 * Checks, before a job starts, that Kafka answers and that every topic of the job exists, so that a
 * typo in an address or a topic name is one clear line instead of a job that fails over and over.
 */
public final class KafkaPreflight {
    private KafkaPreflight() {}

    /** Returns a one-line problem, or {@code null} when Kafka answers and every topic exists. */
    public static String problem(KafkaSettings kafka, Topics topics, Duration timeout) {
        return problem(kafka, topics.all(), timeout);
    }

    /** A broker that never answers: down, the wrong address, or it wants TLS/SASL. */
    private static String silent(KafkaSettings kafka, Duration timeout) {
        String hint =
                kafka.clientProperties().containsKey("security.protocol")
                        ? "is it up, and is this the right address?"
                        : "is it up, and does it want TLS or SASL (--kafka-properties)?";
        return "Kafka at "
                + kafka.bootstrapServers()
                + " did not answer within "
                + timeout.toSeconds()
                + " s: "
                + hint;
    }

    /** Returns a one-line problem, or {@code null} when Kafka answers and these topics exist. */
    public static String problem(
            KafkaSettings kafka, java.util.Collection<String> topics, Duration timeout) {
        Properties properties = kafka.clientConfig();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing =
                    admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                return "Kafka at "
                        + kafka.bootstrapServers()
                        + " has no topic "
                        + String.join(", ", missing)
                        + " (create it first; the case topic with cleanup.policy=compact)";
            }
            return null;
        } catch (TimeoutException e) {
            return silent(kafka, timeout);
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return silent(kafka, timeout);
            }
            return "cannot reach Kafka at " + kafka.bootstrapServers() + ": " + cause.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking Kafka";
        }
    }
}
