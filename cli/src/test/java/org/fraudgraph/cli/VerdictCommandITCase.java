package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.Verdict;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code fraudgraph verdict} against a real broker: what lands on the feedback topic. */
class VerdictCommandITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir Path tmp;

    @BeforeAll
    static void topicsAndACase() throws Exception {
        assertThat(
                        CliRun.of("create-topics", "--bootstrap-servers", KAFKA.bootstrapServers())
                                .exit())
                .isZero();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        AvroCodec<RingCase> codec = AvroCodec.of(RingCase.class);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (RingCase c :
                    new RingCase[] {
                        ExportCommandTest.farm("case-device-farm-v1", 1, 3),
                        ExportCommandTest.farm("case-device-farm-v1", 2, 5)
                    }) {
                producer.send(
                        new ProducerRecord<>(
                                Topics.DEFAULTS.cases(),
                                c.getCaseId().getBytes(),
                                codec.encode(c)));
            }
            producer.flush();
        }
    }

    private static List<FeedbackEvent> feedback(int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "verdict-test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AvroCodec<FeedbackEvent> codec = AvroCodec.of(FeedbackEvent.class);
        List<FeedbackEvent> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEFAULTS.feedback()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    FeedbackEvent e = codec.decode(r.value());
                    assertThat(new String(r.key())).isEqualTo(e.getEntityId());
                    out.add(e);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }

    @Test
    void aVerdictOnACaseReachesEachOfItsAccountsAndSaysWhatTheJobDoes() {
        CliRun account =
                CliRun.of(
                        "verdict",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--account",
                        "acc-77",
                        "--false-positive",
                        "--by",
                        "j.doe",
                        "--note",
                        "a family, one phone");
        assertThat(account.exit()).as(account.err()).isZero();
        assertThat(account.out())
                .contains("FALSE_POSITIVE on account acc-77, by j.doe: a family, one phone")
                .contains("a case is closed by a\n  verdict on the case");
        CliRun onCase =
                CliRun.of(
                        "verdict",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--case",
                        "case-device-farm-v1",
                        "--confirmed-fraud",
                        "--by",
                        "j.doe");
        assertThat(onCase.exit()).as(onCase.err()).isZero();
        assertThat(onCase.out())
                .contains("CONFIRMED_FRAUD on case-device-farm-v1 (5 accounts)")
                .contains("rule CONFIRMED_FRAUD");

        // Keyed by account, over the topic's partitions: in no particular order between them.
        List<FeedbackEvent> sent = feedback(6);
        assertThat(sent).hasSize(6);
        FeedbackEvent single =
                sent.stream()
                        .filter(e -> e.getEntityId().equals("acc-77"))
                        .findFirst()
                        .orElseThrow();
        assertThat(single.getVerdict()).isEqualTo(Verdict.FALSE_POSITIVE);
        assertThat(single.getCaseId()).isNull();
        assertThat(single.getNote()).isEqualTo("by j.doe: a family, one phone");
        List<FeedbackEvent> onItsAccounts =
                sent.stream().filter(e -> !e.getEntityId().equals("acc-77")).toList();
        assertThat(onItsAccounts)
                .extracting(FeedbackEvent::getEntityId)
                .containsExactlyInAnyOrder("acc-1", "acc-2", "acc-3", "acc-4", "acc-5");
        assertThat(onItsAccounts)
                .allMatch(e -> e.getEntityType() == EntityType.ACCOUNT)
                .allMatch(e -> e.getVerdict() == Verdict.CONFIRMED_FRAUD)
                .allMatch(e -> "case-device-farm-v1".equals(e.getCaseId()))
                .allMatch(e -> e.getSource().equals("INVESTIGATOR"));

        // The next train reads them from the topic as labels over its data set's.
        Path data = tmp.resolve("data");
        assertThat(
                        CliRun.of(
                                        "generate",
                                        "--accounts",
                                        "500",
                                        "--days",
                                        "1",
                                        "--out",
                                        data.toString())
                                .exit())
                .isZero();
        CliRun train =
                CliRun.of(
                        "train",
                        "--data",
                        data.toString(),
                        "--out",
                        tmp.resolve("model.json").toString(),
                        "--verdicts-from-kafka",
                        KAFKA.bootstrapServers());
        assertThat(train.exit()).as(train.out() + train.err()).isZero();
        assertThat(train.out())
                .contains("verdicts over the labels: 6 accounts (5 fraud, 1 honest)");
    }

    @Test
    void anUnknownCaseOrANoteTheJobWouldRefuseIsOneLineAndNothingIsSent() {
        CliRun unknown =
                CliRun.of(
                        "verdict",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--case",
                        "case-nobody",
                        "--cleared",
                        "--by",
                        "j.doe");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("no case case-nobody in fraudgraph.cases");
        CliRun tooLong =
                CliRun.of(
                        "verdict",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--account",
                        "acc-9",
                        "--cleared",
                        "--by",
                        "j.doe",
                        "--note",
                        "x".repeat(300));
        assertThat(tooLong.exit()).isNotZero();
        assertThat(tooLong.err()).contains("would be refused by the job");
        CliRun both =
                CliRun.of(
                        "verdict",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--account",
                        "acc-9",
                        "--cleared",
                        "--chargeback",
                        "--by",
                        "j.doe");
        assertThat(both.exit()).isNotZero();
    }
}
