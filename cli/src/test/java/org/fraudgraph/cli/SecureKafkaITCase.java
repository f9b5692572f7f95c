package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.kafka.EmbeddedKafka;
import org.fraudgraph.replay.SyntheticTraffic;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker that takes only SASL_SSL with SCRAM-SHA-256 on its client listener (TLS
 * on loopback, a certificate made for the test with the JDK's keytool): with the settings in a
 * {@code --kafka-properties} file (the password read from a second file through Kafka's config
 * provider, as from a mounted Secret) it reads and writes as usual, and so do the commands that
 * talk to Kafka (create-topics, publish-model, delivery-report); a client without TLS, one that
 * does not trust the certificate and one with a wrong password are all refused.
 */
class SecureKafkaITCase {
    private static final String STORE_PASSWORD = "store-secret-1";
    private static final String USER = "fraudgraph-job";
    private static final String PASSWORD = "scram-secret-2";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            JobTesting.miniCluster(new org.apache.flink.configuration.Configuration());

    @TempDir static Path temp;
    private static EmbeddedKafka kafka;
    private static String secure;
    private static Path trustStore;

    @BeforeAll
    static void startABrokerThatWantsTlsAndScram() throws Exception {
        Path keyStore = temp.resolve("broker.p12");
        trustStore = temp.resolve("clients-trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        Path certificate = temp.resolve("broker.crt");
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                STORE_PASSWORD);
        kafka =
                EmbeddedKafka.start(
                        temp.resolve("kafka"),
                        EmbeddedKafka.secureListener(keyStore, STORE_PASSWORD));
        secure = kafka.listenerAddress("SECURE");
        try (Admin admin = kafka.admin()) {
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            USER,
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_256, 4096),
                                            PASSWORD)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopTheBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theJobWorksOverSaslSslWithScramAndStrangersAreRefused() throws Exception {
        Topics topics = JobTesting.topics("it-secure");
        kafka.createTopics(topics.newTopics(2, (short) 1));
        Path passwordFile = temp.resolve("kafka-password.properties");
        Files.writeString(passwordFile, "password=" + PASSWORD + "\n");
        Path clientFile = temp.resolve("kafka-client.properties");
        Files.writeString(
                clientFile,
                String.join(
                        "\n",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-256",
                        "config.providers=file",
                        "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\\\""
                                + USER
                                + "\\\" password=\\\"${file:"
                                + passwordFile
                                + ":password}\\\";",
                        "ssl.truststore.location=" + trustStore,
                        "ssl.truststore.password=" + STORE_PASSWORD,
                        "ssl.truststore.type=PKCS12",
                        ""));
        Properties client = new Properties();
        try (var in = Files.newBufferedReader(clientFile)) {
            client.load(in);
        }

        SyntheticTraffic traffic = new SyntheticTraffic(5, 50);
        Instant start = Instant.now().minus(Duration.ofMinutes(10));
        Set<String> sent = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(client)) {
            for (int i = 0; i < 100; i++) {
                var event = traffic.next(start.plusMillis(i * 500L));
                String topic = topicOf(topics, event);
                producer.send(new ProducerRecord<>(topic, null, encode(event))).get();
                sent.add(String.valueOf(event.get(0)));
            }
        }

        JobOptions options =
                JobTesting.options(
                        secure,
                        topics,
                        temp.resolve("checkpoints"),
                        "--kafka-properties",
                        clientFile.toString());
        JobClient job = JobTesting.start(options, "fraudgraph-it-secure");
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(client, "reader")) {
            consumer.subscribe(List.of(topics.scores()));
            AvroCodec<FraudScore> codec = AvroCodec.of(FraudScore.class);
            Set<String> scored = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!scored.containsAll(sent) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    scored.add(codec.decode(r.value()).getEventId().toString());
                }
            }
            assertThat(scored).containsAll(sent);
        } finally {
            job.cancel().get();
        }

        // The commands take the same file.
        String[] security = {
            "--bootstrap-servers", secure, "--kafka-properties", clientFile.toString()
        };
        CliRun created =
                CliRun.of(concat(new String[] {"create-topics", "--partitions", "1"}, security));
        assertThat(created.exit()).as(created.err()).isZero();
        Path model = temp.resolve("model.json");
        try (var in =
                org.fraudgraph.score.ModelConfig.class.getResourceAsStream("default-model.json")) {
            Files.write(model, in.readAllBytes());
        }
        CliRun published =
                CliRun.of(concat(new String[] {"publish-model", model.toString()}, security));
        assertThat(published.exit()).as(published.err()).isZero();
        assertThat(published.out()).contains("published unsigned model");
        Path report = temp.resolve("report.txt");
        String[] reportArgs = {
            "delivery-report",
            "--scores-topic",
            topics.scores(),
            "--cases-topic",
            topics.cases(),
            "--dead-letter-topic",
            topics.deadLetters(),
            "--out",
            report.toString()
        };
        CliRun reported = CliRun.of(concat(reportArgs, security));
        assertThat(reported.exit()).as(reported.err()).isZero();
        assertThat(Files.readAllLines(report))
                .filteredOn(l -> l.startsWith("S "))
                // S <event id>@<account> ...
                .extracting(l -> l.split(" ")[1].split("@")[0])
                .containsAll(sent);
        CliRun refused =
                CliRun.of(concat(reportArgs, new String[] {"--bootstrap-servers", secure}));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err().strip())
                .startsWith("fraudgraph: Kafka at " + secure + " did not answer")
                .contains("--kafka-properties")
                .doesNotContain("\n\tat ");

        // No TLS: the broker never answers a plaintext client.
        Properties plain = new Properties();
        try (KafkaConsumer<byte[], byte[]> stranger = consumer(plain, "plaintext")) {
            assertThatThrownBy(() -> stranger.partitionsFor(topics.scores(), Duration.ofSeconds(5)))
                    .isInstanceOf(TimeoutException.class);
        }
        // TLS, but not trusting the broker's certificate.
        Properties untrusting = new Properties();
        untrusting.putAll(client);
        untrusting.remove("ssl.truststore.location");
        untrusting.remove("ssl.truststore.password");
        untrusting.remove("ssl.truststore.type");
        try (KafkaConsumer<byte[], byte[]> stranger = consumer(untrusting, "untrusting")) {
            assertThatThrownBy(
                            () -> stranger.partitionsFor(topics.scores(), Duration.ofSeconds(15)))
                    .isInstanceOf(SslAuthenticationException.class);
        }
        // TLS and trust, but the wrong password.
        Properties wrong = new Properties();
        wrong.putAll(client);
        wrong.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER
                        + "\" password=\"not-the-password\";");
        try (KafkaConsumer<byte[], byte[]> stranger = consumer(wrong, "wrong-password")) {
            assertThatThrownBy(
                            () -> stranger.partitionsFor(topics.scores(), Duration.ofSeconds(15)))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static KafkaProducer<byte[], byte[]> producer(Properties security) {
        Properties p = new Properties();
        p.putAll(security);
        p.put("bootstrap.servers", secure);
        p.put("acks", "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties security, String group) {
        Properties p = new Properties();
        p.putAll(security);
        p.put("bootstrap.servers", secure);
        p.put("group.id", "it-secure-" + group);
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] encode(org.apache.avro.specific.SpecificRecord event) {
        return AvroCodec.of((Class) event.getClass()).encode(event);
    }

    private static String topicOf(Topics topics, org.apache.avro.specific.SpecificRecord event) {
        return switch (event.getClass().getSimpleName()) {
            case "TransactionEvent" -> topics.transactions();
            case "DeviceEvent" -> topics.devices();
            case "ApplicationEvent" -> topics.applications();
            default -> topics.feedback();
        };
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }
}
