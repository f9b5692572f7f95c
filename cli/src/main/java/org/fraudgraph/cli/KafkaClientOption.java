package org.fraudgraph.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.fraudgraph.job.io.KafkaSettings;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-properties}: the Kafka client settings (SASL, TLS, ...) of a command that talks to
 * Kafka, from the same kind of file the job takes.
 */
final class KafkaClientOption {
    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            defaultValue = "${env:FRAUDGRAPH_KAFKA_PROPERTIES}",
            description =
                    "Kafka client settings (e.g. security.protocol=SASL_SSL) in a Java properties file, as the job takes them."
                            + " Default: the file named by FRAUDGRAPH_KAFKA_PROPERTIES, if set.")
    Path file;

    /** {@code bootstrapServers} with the file's settings; a bad file is a one-line problem. */
    KafkaSettings settings(String bootstrapServers) {
        KafkaSettings kafka = KafkaSettings.of(bootstrapServers);
        if (file == null) {
            return kafka;
        }
        try {
            return kafka.withClientProperties(
                    KafkaSettings.readPropertiesFile(file, "--kafka-properties"));
        } catch (IOException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
    }
}
