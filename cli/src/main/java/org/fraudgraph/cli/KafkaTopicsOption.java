package org.fraudgraph.cli;

import java.time.Duration;
import java.util.List;
import org.fraudgraph.job.io.KafkaSettings;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap-servers} of the commands that talk to a running job's Kafka, with the
 * check that it answers and has the topics they need.
 */
final class KafkaTopicsOption {
    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Mixin KafkaClientOption client = new KafkaClientOption();

    KafkaTopicsOption() {}

    KafkaTopicsOption(String bootstrapServers, KafkaClientOption client) {
        this.bootstrapServers = bootstrapServers;
        this.client = client;
    }

    /** The bootstrap servers with the client settings of {@code --kafka-properties}. */
    KafkaSettings settings() {
        return client.settings(bootstrapServers);
    }

    /** Fails with one line unless Kafka answers within 15 s and has every one of {@code topics}. */
    void requireTopics(String... topics) {
        String problem =
                KafkaPreflight.problem(settings(), List.of(topics), Duration.ofSeconds(15));
        if (problem != null) {
            throw new Cli.UsageProblem(problem);
        }
    }
}
