package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.fraudgraph.job.io.CommittedTopics;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.Pseudonymiser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform that sends personal identifiers raw: with {@code --hmac-key-file} none of them reaches
 * the job's state (its checkpoint files), its logs, its outputs or its dead letters, and the graph
 * still works on their keyed hashes (the application ring is found, named by the hashes). The same
 * traffic without the key shows the raw values where the check looks, so the check can fail.
 */
class PersonalDataITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            JobTesting.miniCluster(new org.apache.flink.configuration.Configuration());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir static Path temp;

    private static final String ADDRESS = "221B Baker Street, London NW1 6XE";
    private static final List<String> CONTACTS = List.of("+44 7700 900461", "+44 7700 900462");
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(3));

    private static final StringWriter LOGS = new StringWriter();
    private static WriterAppender appender;
    private static Level rootLevel;

    @BeforeAll
    static void captureEveryLogLine() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender =
                WriterAppender.newBuilder()
                        .setName("personal-data-capture")
                        .setTarget(LOGS)
                        .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n%ex").build())
                        .build();
        appender.start();
        config.addAppender(appender);
        rootLevel = config.getRootLogger().getLevel();
        config.getRootLogger().setLevel(Level.INFO);
        config.getRootLogger().addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    @AfterAll
    static void stopCapturing() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        config.getRootLogger().setLevel(rootLevel);
        context.updateLoggers();
        appender.stop();
    }

    @Test
    void rawIdentifiersAreHashedAtTheEdgeAndFoundNowhereElse() throws Exception {
        Path keyFile = temp.resolve("hmac.key");
        Files.writeString(
                keyFile, "3f1c9a7e5b2d4806e1f7a3c5b9d2e4f60718293a4b5c6d7e8f90a1b2c3d4e5f6\n");
        int logStart = LOGS.getBuffer().length();
        Seen seen = run("it-pd-key", "--hmac-key-file", keyFile.toString());
        String logs = LOGS.getBuffer().substring(logStart);

        assertThat(seen.scores).as("every application scored").hasSize(8);
        assertThat(seen.whereRawValuesAre(logs)).as("raw identifiers found").isEmpty();
        Pseudonymiser hmac = Pseudonymiser.withKey(Pseudonymiser.readKeyFile(keyFile));
        assertThat(seen.ringMembers(EntityType.ADDRESS))
                .as("the ring is found on the hashes")
                .containsExactly(hmac.hash(ADDRESS));
        assertThat(logs).contains("hashed with the HMAC key from file " + keyFile);
        assertThat(logs).doesNotContain("3f1c9a7e5b2d4806");

        DeadLetter future = seen.deadLetter("far-future");
        assertThat(future.getDetail()).contains("personal identifiers hashed");
        ApplicationEvent kept =
                AvroCodec.of(ApplicationEvent.class).decode(future.getPayload().array());
        assertThat(kept.getPhoneHash().toString()).isEqualTo(hmac.hash("+44 7700 900999"));
        DeadLetter garbled = seen.deadLetter("withheld");
        assertThat(garbled.getPayload().remaining()).isZero();
        assertThat(garbled.getOffset()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void withoutTheKeyTheSameCheckFindsTheRawValues() throws Exception {
        Seen seen = run("it-pd-raw");
        assertThat(seen.scores).hasSize(8);
        Map<String, List<String>> found = seen.whereRawValuesAre("");
        assertThat(found.keySet()).contains("state", "cases", "dead letters");
        assertThat(seen.ringMembers(EntityType.ADDRESS)).containsExactly(ADDRESS);
    }

    /** What one run left behind: outputs, dead letters and checkpoint files. */
    private record Seen(
            List<FraudScore> scores,
            List<RingCase> cases,
            List<DeadLetter> deadLetters,
            Map<String, byte[]> raw,
            Path checkpoints) {

        List<String> ringMembers(EntityType type) {
            RingCase last = cases.get(cases.size() - 1);
            return last.getMembers().stream()
                    .filter(m -> m.getEntityType() == type)
                    .map(RingMember::getEntityId)
                    .toList();
        }

        DeadLetter deadLetter(String detailPart) {
            return deadLetters.stream()
                    .filter(
                            d ->
                                    d.getDetail().contains(detailPart)
                                            || (detailPart.equals("far-future")
                                                    && d.getDetail()
                                                            .contains("ahead of the clock")))
                    .findFirst()
                    .orElseThrow();
        }

        /** For each place (state, logs, each topic), the raw identifiers found in its bytes. */
        Map<String, List<String>> whereRawValuesAre(String logs) throws IOException {
            Map<String, byte[]> places = new TreeMap<>(raw);
            places.put("logs", logs.getBytes(StandardCharsets.UTF_8));
            places.put("state", checkpointBytes(checkpoints));
            Map<String, List<String>> found = new TreeMap<>();
            for (Map.Entry<String, byte[]> place : places.entrySet()) {
                String text = new String(place.getValue(), StandardCharsets.ISO_8859_1);
                List<String> hits = rawValues().stream().filter(text::contains).toList();
                if (!hits.isEmpty()) {
                    found.put(place.getKey(), hits);
                }
            }
            return found;
        }
    }

    private static List<String> rawValues() {
        List<String> values = new ArrayList<>(CONTACTS);
        values.add(ADDRESS);
        values.add("+44 7700 900999");
        for (int k = 0; k < 8; k++) {
            values.add(phone(k));
            values.add("QQ 12 34 5" + (k % 7) + " C");
            values.add("4929 1000 2000 300" + k);
        }
        return values;
    }

    private static String phone(int k) {
        return "+44 7700 90010" + k;
    }

    private static Seen run(String name, String... flags) throws Exception {
        Topics topics = JobTesting.topics(name);
        KAFKA.kafka().createTopics(topics.newTopics(1, (short) 1));
        Path checkpoints = temp.resolve("checkpoints-" + name);
        JobOptions options =
                JobTesting.options(KAFKA.bootstrapServers(), topics, checkpoints, flags);
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics)) {
            for (int k = 0; k < 8; k++) {
                producer.send(application(k, T0.plus(Duration.ofMinutes(3L * k)), phone(k)));
            }
            // A dead letter that decodes (too far ahead) and one that does not, both with a phone.
            producer.send(
                    application(9, Instant.now().plus(Duration.ofDays(30)), "+44 7700 900999"));
            byte[] garbled = producer.encode(application(10, T0, "+44 7700 900999"));
            // The event id's length becomes a varint that never ends: the body does not decode.
            java.util.Arrays.fill(garbled, 10, 21, (byte) 0xff);
            producer.sendRaw(topics.applications(), null, garbled);
            producer.flush();
        }
        JobClient job = JobTesting.start(options, "fraudgraph-" + name);
        try (ResultReader<FraudScore> scores =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.scores(), FraudScore.class);
                ResultReader<RingCase> cases =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.cases(), RingCase.class);
                ResultReader<DeadLetter> letters =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.deadLetters(), DeadLetter.class)) {
            List<FraudScore> scored = scores.readAtLeast(8, Duration.ofSeconds(90));
            List<RingCase> found = cases.readAtLeast(1, Duration.ofSeconds(60));
            List<DeadLetter> dead = letters.readAtLeast(2, Duration.ofSeconds(30));
            // Two more checkpoints: the state of all eight applications is in the files.
            long files = fileCount(checkpoints);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (fileCount(checkpoints) <= files && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(1_500);
            Map<String, byte[]> raw = new TreeMap<>();
            CommittedTopics.readToEnd(
                    org.fraudgraph.job.io.KafkaSettings.of(KAFKA.bootstrapServers()),
                    List.of(topics.scores(), topics.cases(), topics.deadLetters()),
                    Duration.ofSeconds(30),
                    r -> {
                        String place =
                                r.topic().equals(topics.scores())
                                        ? "scores"
                                        : r.topic().equals(topics.cases())
                                                ? "cases"
                                                : "dead letters";
                        raw.merge(place, r.value(), PersonalDataITCase::concat);
                    });
            return new Seen(scored, found, dead, raw, checkpoints);
        } finally {
            job.cancel().get();
        }
    }

    private static ApplicationEvent application(int k, Instant at, String phone) {
        return ApplicationEvent.newBuilder()
                .setEventId("pd-apply-" + k)
                .setEventTime(at)
                .setType(ApplicationType.CREDIT_APPLICATION)
                .setAccountId("pd-account-" + k)
                .setPhoneHash(phone)
                // The first and the last give one id number: one person as two customers, what
                // makes the shared address and contacts a ring rather than a household.
                .setIdNumberHash("QQ 12 34 5" + (k % 7) + " C")
                .setBankCardHash("4929 1000 2000 300" + k)
                .setAddressHash(ADDRESS)
                .setContactPhoneHashes(CONTACTS)
                .setDeviceId("pd-device-" + k)
                .setRequestedAmountMinor(5_000_000)
                .build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long fileCount(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] checkpointBytes(Path dir) throws IOException {
        byte[] all = new byte[0];
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all = concat(all, Files.readAllBytes(file));
            }
        }
        return all;
    }
}
