package org.fraudgraph.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.network.ListenerName;
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
 *     kafka.createTopics(List.of(new NewTopic("payments", 2, (short) 1)));
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
        return start(dataDir, Map.of());
    }

    /**
     * The broker with more settings, e.g. a second listener (see {@link #secureListener}); an entry
     * here wins over the defaults.
     */
    public static EmbeddedKafka start(Path dataDir, Map<String, String> settings) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dataDir)
                        .build();
        KafkaClusterTestKit.Builder builder =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "2")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "2")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false");
        settings.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
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
     * Broker settings for a second listener {@code SECURE} on loopback that takes only SASL_SSL
     * clients authenticated with SCRAM-SHA-256, beside the plain one the tools use (users are added
     * with {@link Admin#alterUserScramCredentials}).
     *
     * @param keyStore PKCS12 key store with the broker's certificate and private key
     */
    public static Map<String, String> secureListener(Path keyStore, String password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,SECURE://localhost:0");
        s.put(
                "listener.security.protocol.map",
                "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURE:SASL_SSL");
        s.put("listener.name.secure.sasl.enabled.mechanisms", "SCRAM-SHA-256");
        s.put(
                "listener.name.secure.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        s.put("listener.name.secure.ssl.keystore.location", keyStore.toString());
        s.put("listener.name.secure.ssl.keystore.password", password);
        s.put("listener.name.secure.ssl.key.password", password);
        s.put("listener.name.secure.ssl.keystore.type", "PKCS12");
        return s;
    }

    /** {@code localhost:PORT} of one of the broker's listeners, e.g. {@code SECURE}. */
    public String listenerAddress(String listener) {
        return "localhost:" + broker().boundPort(ListenerName.normalised(listener));
    }

    /** The one broker. */
    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    /**
     * Creates the topics that do not exist yet and waits until the broker leads every partition of
     * them, so a producer can write at once.
     */
    public void createTopics(List<NewTopic> topics) throws Exception {
        createTopics(topics, Map.of());
    }

    /**
     * {@link #createTopics(List)} with {@code configs} added to every topic's settings, e.g. {@code
     * message.timestamp.type=LogAppendTime} for the benchmark's latency figures. Topics that exist
     * already are left as they are.
     */
    public void createTopics(List<NewTopic> topics, Map<String, String> configs) throws Exception {
        List<NewTopic> created = new java.util.ArrayList<>();
        for (NewTopic topic : topics) {
            Map<String, String> all = new java.util.HashMap<>(configs);
            if (topic.configs() != null) {
                all.putAll(topic.configs());
            }
            created.add(
                    new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor())
                            .configs(all));
        }
        List<String> names = created.stream().map(NewTopic::name).toList();
        try (Admin admin = admin()) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            created.removeIf(t -> existing.contains(t.name()));
            admin.createTopics(created).all().get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, names);
        }
    }

    /** Waits until the broker leads every partition of {@code names} (see {@link #brokerLeads}). */
    private void awaitLeaders(Admin admin, java.util.Collection<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (brokerLeads(admin, names)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics without a leader after 30 s: " + names);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Whether the broker leads every partition of {@code names}. Not only the metadata that
     * describe answers from: it names a leader a moment before the broker's replica manager opens
     * the partition, and a write in that moment gets NOT_LEADER (an idempotent producer then
     * retried with out-of-order sequence errors for its whole delivery timeout, two minutes).
     * False, not an error, while describe does not know a topic just created.
     */
    private boolean brokerLeads(Admin admin, java.util.Collection<String> names) throws Exception {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        for (TopicDescription topic : described.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                var online =
                        broker().replicaManager()
                                .onlinePartition(
                                        new TopicPartition(topic.name(), partition.partition()));
                if (online.isEmpty() || !online.get().isLeader()) {
                    return false;
                }
            }
        }
        return true;
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
