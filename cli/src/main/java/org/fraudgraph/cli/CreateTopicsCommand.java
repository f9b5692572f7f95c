package org.fraudgraph.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates the job's eight topics on a Kafka cluster, leaving the ones that exist alone. */
@Command(
        name = "create-topics",
        mixinStandardHelpOptions = true,
        description = {
            "Creates the eight fraudgraph topics (default names) that do not exist yet.",
            "The models topic gets one partition, the case topic is compacted."
        })
final class CreateTopicsCommand implements Callable<Integer> {
    @Mixin KafkaTopicsOption kafka;

    @Option(
            names = "--partitions",
            defaultValue = "2",
            description =
                    "Partitions of each topic but the models topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            defaultValue = "1",
            description = "Replicas of each partition (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(
            names = "--outputs-suffix",
            paramLabel = "SUFFIX",
            description =
                    "Name the three output topics <name>.SUFFIX (e.g. fraudgraph.scores.SUFFIX), for a second job on the same inputs.")
    String outputsSuffix;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1 || replicationFactor < 1) {
            throw new Cli.UsageProblem("--partitions and --replication-factor must be 1 or more");
        }
        if (outputsSuffix != null && !outputsSuffix.matches("[A-Za-z0-9_-]+")) {
            throw new Cli.UsageProblem(
                    "--outputs-suffix must be letters, digits, '-' or '_', not '"
                            + outputsSuffix
                            + "'");
        }
        Topics topics =
                outputsSuffix == null
                        ? Topics.DEFAULTS
                        : Topics.DEFAULTS.withOutputSuffix(outputsSuffix);
        kafka.requireTopics();
        try (Admin admin = Admin.create(kafka.settings().clientConfig())) {
            for (NewTopic topic : topics.newTopics(partitions, replicationFactor)) {
                try {
                    admin.createTopics(java.util.List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    System.out.printf(
                            "fraudgraph: created %s (%d partitions)%n",
                            topic.name(), topic.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new Cli.UsageProblem(
                                "could not create "
                                        + topic.name()
                                        + ": "
                                        + e.getCause().getMessage());
                    }
                    System.out.printf("fraudgraph: %s exists%n", topic.name());
                }
            }
        }
        return 0;
    }
}
