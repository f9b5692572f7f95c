package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.FraudScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One device hammered through the real job: 3,000 accounts log in on it within an hour (also each
 * event sent twice). Every event is scored once, the device turns into a hub, its account count
 * stays a lower bound at the cap, and the farm is flagged.
 */
class HotDeviceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            JobTesting.miniCluster(new org.apache.flink.configuration.Configuration());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir static Path temp;

    @Test
    void threeThousandAccountsOnOneDeviceAreScoredOnceAndMakeItAHub() throws Exception {
        Topics topics = JobTesting.topics("it-hot");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        Instant start = Instant.now().minus(Duration.ofHours(2));
        Set<String> ids = new HashSet<>();
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics)) {
            for (int a = 0; a < 3_000; a++) {
                DeviceEvent login =
                        DeviceEvent.newBuilder()
                                .setEventId("hot-" + a)
                                .setEventTime(start.plusMillis(a * 1_000L))
                                .setType(DeviceEventType.LOGIN)
                                .setAccountId("hot-account-" + a)
                                .setDeviceId("hot-device")
                                .setFingerprint(DeviceFingerprint.newBuilder().build())
                                .setIp("10.9.8." + (a % 200))
                                .build();
                producer.send(login);
                producer.send(login);
                ids.add("hot-" + a);
            }
            producer.flush();
        }
        JobOptions options = JobTesting.options(KAFKA.bootstrapServers(), topics, temp);
        JobClient job = JobTesting.start(options, "fraudgraph-it-hot");
        try (ResultReader<FraudScore> scores =
                new ResultReader<>(KAFKA.bootstrapServers(), topics.scores(), FraudScore.class)) {
            List<FraudScore> scored = scores.readAtLeast(ids.size(), Duration.ofSeconds(120));
            scored.addAll(scores.poll(Duration.ofSeconds(3)));
            assertThat(scored)
                    .extracting(s -> s.getEventId().toString())
                    .as("each event scored once, though sent twice")
                    .containsExactlyInAnyOrderElementsOf(ids);
            FraudScore last =
                    scored.stream()
                            .max(Comparator.comparing(FraudScore::getEventTime))
                            .orElseThrow();
            assertThat(last.getFeatures().get("device.hub")).isEqualTo(1.0);
            assertThat(last.getFeatures().get("device.accounts_1h")).isGreaterThanOrEqualTo(64.0);
            assertThat(last.getDecision()).isNotEqualTo(Decision.ALLOW);
        } finally {
            job.cancel().get();
        }
    }
}
