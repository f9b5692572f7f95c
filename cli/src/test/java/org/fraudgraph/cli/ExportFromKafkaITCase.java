package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code fraudgraph export --from-kafka} against a real broker's case topic. */
class ExportFromKafkaITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir Path tmp;

    @Test
    void exportsTheLatestVersionOfACaseFromTheCaseTopic() throws Exception {
        // The default topic names, made by the create-topics command (twice: the second run leaves
        // them).
        CliRun created =
                CliRun.of("create-topics", "--bootstrap-servers", KAFKA.bootstrapServers());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created fraudgraph.models (1 partitions)");
        assertThat(
                        CliRun.of("create-topics", "--bootstrap-servers", KAFKA.bootstrapServers())
                                .out())
                .contains("fraudgraph.cases exists");
        Topics topics = Topics.DEFAULTS;
        AvroCodec<RingCase> codec = AvroCodec.of(RingCase.class);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (RingCase c :
                    new RingCase[] {
                        ExportCommandTest.farm("case-device-farm-k1", 1, 3),
                        ExportCommandTest.farm("case-device-farm-k1", 2, 6),
                        ExportCommandTest.farm("case-device-farm-k2", 1, 4)
                    }) {
                producer.send(
                        new ProducerRecord<>(
                                topics.cases(), c.getCaseId().getBytes(), codec.encode(c)));
            }
            producer.send(new ProducerRecord<>(topics.cases(), "junk".getBytes(), new byte[] {9}));
            producer.flush();
        }
        CliRun list =
                CliRun.of(
                        "export",
                        "--from-kafka",
                        KAFKA.bootstrapServers(),
                        "--cases-topic",
                        topics.cases(),
                        "--list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .contains("2 cases in " + topics.cases())
                .containsPattern("case-device-farm-k1 +v2 ");
        assertThat(list.err()).contains("skipped unreadable record");

        // delivery-report reads the same topics as a read_committed consumer: three case versions
        // and the junk record, which it marks.
        Path report = tmp.resolve("delivery.txt");
        CliRun delivery =
                CliRun.of(
                        "delivery-report",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--out",
                        report.toString());
        assertThat(delivery.exit()).as(delivery.err()).isZero();
        assertThat(delivery.out()).endsWith("scores=0 cases=3 deadletters=0\n");
        List<String> lines = java.nio.file.Files.readAllLines(report);
        assertThat(lines).anyMatch(l -> l.startsWith("X " + topics.cases() + "-")).hasSize(4);
        // Each case version with its members' digest: versions with other members differ.
        assertThat(lines)
                .filteredOn(l -> l.startsWith("C "))
                .extracting(l -> l.substring(0, l.lastIndexOf(' ')))
                .containsExactlyInAnyOrder(
                        "C case-device-farm-k1 1 DEVICE_FARM 4",
                        "C case-device-farm-k1 2 DEVICE_FARM 7",
                        "C case-device-farm-k2 1 DEVICE_FARM 5");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("C "))
                .extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
                .allMatch(d -> d.matches("[0-9a-f]{16}"))
                .doesNotHaveDuplicates();

        Path out = tmp.resolve("k1");
        CliRun export =
                CliRun.of(
                        "export",
                        "--from-kafka",
                        KAFKA.bootstrapServers(),
                        "--cases-topic",
                        topics.cases(),
                        "--case",
                        "case-device-farm-k1",
                        "--out",
                        out.toString(),
                        "--audit-log",
                        tmp.resolve("audit.log").toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("nodes.csv"))).hasSize(1 + 7);
        assertThat(CliRun.of("verify-bundle", out.toString()).exit()).isZero();
    }
}
