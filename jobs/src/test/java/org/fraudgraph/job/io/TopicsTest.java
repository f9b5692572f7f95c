package org.fraudgraph.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void eventTopicsAreStampedByTheBrokerTheCaseTopicIsCompactedTheModelsTopicHasOnePartition() {
        Map<String, NewTopic> topics =
                Topics.DEFAULTS.newTopics(4, (short) 3).stream()
                        .collect(Collectors.toMap(NewTopic::name, t -> t));
        for (String input : Topics.DEFAULTS.inputs()) {
            assertThat(topics.get(input).configs())
                    .containsEntry("message.timestamp.type", "LogAppendTime");
            assertThat(topics.get(input).numPartitions()).isEqualTo(4);
        }
        assertThat(topics.get(Topics.DEFAULTS.cases()).configs())
                .containsEntry("cleanup.policy", "compact");
        assertThat(topics.get(Topics.DEFAULTS.scores()).configs()).isNullOrEmpty();
        assertThat(topics.get(Topics.DEFAULTS.models()).numPartitions()).isEqualTo(1);
        assertThat(topics.get(Topics.DEFAULTS.models()).replicationFactor()).isEqualTo((short) 3);
    }
}
