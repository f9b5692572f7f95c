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

    public List<String> inputs() {
        return List.of(transactions, devices, applications, feedback);
    }

    public List<String> all() {
        return List.of(
                transactions, devices, applications, feedback, models, scores, cases, deadLetters);
    }
}
