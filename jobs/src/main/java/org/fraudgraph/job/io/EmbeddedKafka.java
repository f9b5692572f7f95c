package org.fraudgraph.job.io;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, on
 * loopback, with its data in a folder: for the demo and the integration tests. Transactions work
 * (log replication 1).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
 *     kafka.createTopics(Topics.DEFAULTS, 2);
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start(Path dataDir) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dataDir)
                        .build();
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "2")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "2")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    /** The test kit's formatter prints to standard output; the demo's console is for people. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(console);
            LOG.debug("kafka storage format: {}", captured.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates every topic of {@code topics}; the case topic is compacted (latest version of each
     * case), the models topic has one partition (models apply in the order they were published).
     */
    public void createTopics(Topics topics, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(topics.newTopics(partitions, (short) 1))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(properties);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
