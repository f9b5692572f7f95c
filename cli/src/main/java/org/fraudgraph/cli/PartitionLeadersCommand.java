package org.fraudgraph.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Which broker leads each partition of some topics, and which replicas are in sync: one line per
 * partition ({@code <topic>-<partition> leader=<id> isr=<id>,<id>}). For bin/failure-test, which
 * kills the leader; hidden from the command list.
 */
@Command(
        name = "partition-leaders",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Prints the leader and in-sync replicas of every partition of the topics.")
final class PartitionLeadersCommand implements Callable<Integer> {
    @Mixin KafkaTopicsOption kafka;

    @Parameters(paramLabel = "TOPIC", arity = "1..*", description = "The topics.")
    List<String> topics;

    @Override
    public Integer call() throws Exception {
        kafka.requireTopics(topics.toArray(String[]::new));
        try (Admin admin = Admin.create(kafka.settings().clientConfig())) {
            for (TopicDescription d :
                    admin.describeTopics(topics)
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    System.out.printf(
                            "%s-%d leader=%s isr=%s%n",
                            d.name(),
                            p.partition(),
                            p.leader() == null ? "none" : p.leader().idString(),
                            p.isr().stream().map(Node::idString).collect(Collectors.joining(",")));
                }
            }
        }
        return 0;
    }
}
