package org.fraudgraph.job.io;

import java.io.Serializable;
import java.util.List;

/**
 * The Kafka topics of the job: one per input event kind, the control topic for scoring models, and
 * the three outputs.
 */
public record Topics(
        String transactions,
        String devices,
        String applications,
        String feedback,
        String models,
        String scores,
        String cases,
        String deadLetters)
        implements Serializable {

    public static final Topics DEFAULTS =
            new Topics(
                    "fraudgraph.transactions",
                    "fraudgraph.devices",
                    "fraudgraph.applications",
                    "fraudgraph.feedback",
                    "fraudgraph.models",
                    "fraudgraph.scores",
                    "fraudgraph.cases",
                    "fraudgraph.dead-letters");

    /**
     * The same inputs with outputs named {@code <output>.<suffix>}: a second job on the same input
     * topics, writing beside the first (the failure test runs several jobs this way).
     */
    public Topics withOutputSuffix(String suffix) {
        return new Topics(
                transactions,
                devices,
                applications,
                feedback,
                models,
                scores + "." + suffix,
                cases + "." + suffix,
                deadLetters + "." + suffix);
    }

    public List<String> inputs() {
        return List.of(transactions, devices, applications, feedback);
    }

    public List<String> all() {
        return List.of(
                transactions, devices, applications, feedback, models, scores, cases, deadLetters);
    }

    /**
     * The topics as they should be created: the case topic compacted (the latest version of each
     * case), the models topic with one partition (models apply in the order they were published),
     * the event topics stamped by the broker ({@code message.timestamp.type=LogAppendTime}).
     */
    public List<org.apache.kafka.clients.admin.NewTopic> newTopics(
            int partitions, short replicationFactor) {
        List<org.apache.kafka.clients.admin.NewTopic> out = new java.util.ArrayList<>();
        for (String name : all()) {
            org.apache.kafka.clients.admin.NewTopic topic =
                    new org.apache.kafka.clients.admin.NewTopic(
                            name, name.equals(models) ? 1 : partitions, replicationFactor);
            if (name.equals(cases)) {
                topic.configs(
                        java.util.Map.of(
                                org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG,
                                org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_COMPACT));
            } else if (inputs().contains(name)) {
                // The broker stamps each input record with its own clock: the latest time the job
                // trusts for an event (DecodedEventTime), which no producer can forge.
                topic.configs(
                        java.util.Map.of(
                                org.apache.kafka.common.config.TopicConfig
                                        .MESSAGE_TIMESTAMP_TYPE_CONFIG,
                                "LogAppendTime"));
            }
            out.add(topic);
        }
        return out;
    }
}
