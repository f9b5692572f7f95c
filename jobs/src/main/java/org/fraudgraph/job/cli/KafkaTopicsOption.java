package org.fraudgraph.job.cli;

import java.time.Duration;
import java.util.List;
import org.fraudgraph.job.io.KafkaPreflight;
import org.fraudgraph.job.io.KafkaSettings;
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

    KafkaTopicsOption() {}

    KafkaTopicsOption(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Fails with one line unless Kafka answers within 15 s and has every one of {@code topics}. */
    void requireTopics(String... topics) {
        String problem =
                KafkaPreflight.problem(
                        KafkaSettings.of(bootstrapServers),
                        List.of(topics),
                        Duration.ofSeconds(15));
        if (problem != null) {
            throw new Cli.UsageProblem(problem);
        }
    }
}
