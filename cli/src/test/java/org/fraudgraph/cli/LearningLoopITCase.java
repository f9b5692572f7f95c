package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.replay.SyntheticTraffic;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning loop end to end, on a real broker and a real job: a replay, a model trained on it,
 * published signed, scoring in the job; a family sharing a rooted tablet becomes a device-farm case
 * and its members' next loan draws are held for review; an analyst's false-positive verdict on the
 * case closes it, the same draws score lower and pass; the next train reads the verdict as labels.
 */
class LearningLoopITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            JobTesting.miniCluster(new org.apache.flink.configuration.Configuration());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final List<String> FAMILY = List.of("fam-mother", "fam-father", "fam-son");

    @TempDir Path tmp;

    private final Instant start = Instant.now().minus(Duration.ofMinutes(40));
    private final SyntheticTraffic traffic = new SyntheticTraffic(7, 300);
    private int background;

    @Test
    void replayTrainPublishScoreVerdictCloseAndRelearn() throws Exception {
        // 1. A replay and a model trained on it.
        Path data = tmp.resolve("data");
        CliRun generated =
                CliRun.of(
                        "generate",
                        "--accounts",
                        "1000",
                        "--days",
                        "2",
                        "--travellers",
                        "40",
                        "--out",
                        data.toString());
        assertThat(generated.exit()).as(generated.err()).isZero();
        Path model = tmp.resolve("model.json");
        train(data, model);
        String version = new ObjectMapper().readTree(model.toFile()).get("version").asText();
        assertThat(version).startsWith("trained-");

        // 2. Published signed to a job that takes only the operator's signature.
        Path keys = tmp.resolve("keys");
        assertThat(CliRun.of("model-keys", "--out", keys.toString(), "--name", "ops").exit())
                .isZero();
        Topics topics = JobTesting.topics("it-loop");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        JobOptions options =
                JobTesting.options(KAFKA.bootstrapServers(), topics, tmp.resolve("checkpoints"));
        options.modelPublicKey = keys.resolve("ops.pub");
        JobClient job = JobTesting.start(options, "fraudgraph-it-loop");
        try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers(), topics);
                ResultReader<FraudScore> scores =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.scores(), FraudScore.class);
                ResultReader<RingCase> cases =
                        new ResultReader<>(
                                KAFKA.bootstrapServers(), topics.cases(), RingCase.class)) {
            // A family, first of all (their history is older than the traffic): three accounts
            // of their own, three days old, each paying at its grocer on its own phone.
            Instant registered = start.minus(Duration.ofDays(3));
            for (int i = 0; i < FAMILY.size(); i++) {
                String who = FAMILY.get(i);
                producer.send(
                        device(
                                who,
                                "reg-" + who,
                                DeviceEventType.REGISTER,
                                "phone-" + who,
                                false,
                                registered.plus(Duration.ofMinutes(i))));
            }
            for (int day = 0; day < 3; day++) {
                for (int i = 0; i < FAMILY.size(); i++) {
                    String who = FAMILY.get(i);
                    producer.send(
                            payment(
                                    who,
                                    "shop-" + who + "-" + day,
                                    registered.plus(Duration.ofHours(20 + 24 * day + i))));
                }
            }
            producer.flush();

            CliRun published =
                    CliRun.of(
                            "publish-model",
                            model.toString(),
                            "--bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--models-topic",
                            topics.models(),
                            "--sign-key",
                            keys.resolve("ops.key").toString());
            assertThat(published.exit()).as(published.err()).isZero();
            assertThat(published.out()).contains("published signed model " + version);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            boolean inForce = false;
            while (!inForce && System.nanoTime() < deadline) {
                for (int i = 0; i < 20; i++) {
                    producer.send(traffic.next(start.plusMillis(background++ * 100L)));
                }
                producer.flush();
                inForce =
                        scores.poll(Duration.ofSeconds(1)).stream()
                                .anyMatch(s -> s.getConfigVersion().equals(version));
            }
            assertThat(inForce).as("the job scores with " + version).isTrue();

            // 3. Now all three log in on the rooted tablet at home. Emulators and rooted phones
            // are farm tools: three accounts on one make a case.
            for (int i = 0; i < FAMILY.size(); i++) {
                String who = FAMILY.get(i);
                producer.send(
                        device(
                                who,
                                "tablet-" + who,
                                DeviceEventType.LOGIN,
                                "tablet-home",
                                true,
                                start.plus(Duration.ofMinutes(5 + i))));
            }
            producer.flush();
            RingCase opened =
                    awaitCase(
                            cases,
                            c ->
                                    c.getKind() == RingKind.DEVICE_FARM
                                            && c.getStatus() == CaseStatus.OPEN
                                            && accounts(c).containsAll(FAMILY));

            // 4. While it is open, each member's next loan draw on its own phone is held for
            // review (and every event of theirs carries the case).
            Map<String, FraudScore> before = draw(producer, scores, 20);
            for (FraudScore s : before.values()) {
                assertThat(s.getFeatures()).containsEntry("case.open_cases", 1.0);
                assertThat(s.getFeatures()).containsKey("case.score");
                assertThat(s.getDecision()).isNotEqualTo(Decision.ALLOW);
                assertThat(s.getReasons())
                        .extracting(ReasonCode::getCode)
                        .contains("OPEN_CASE_CREDIT");
                assertThat(s.getConfigVersion()).isEqualTo(version);
            }

            // 5. An analyst: no ring, a family's tablet. The case closes.
            CliRun verdict =
                    CliRun.of(
                            "verdict",
                            "--bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--feedback-topic",
                            topics.feedback(),
                            "--cases-topic",
                            topics.cases(),
                            "--case",
                            opened.getCaseId(),
                            "--false-positive",
                            "--by",
                            "j.doe",
                            "--note",
                            "a family's tablet");
            assertThat(verdict.exit()).as(verdict.err()).isZero();
            assertThat(verdict.out()).contains("the job closes the case");
            RingCase closed =
                    awaitCase(
                            cases,
                            c ->
                                    c.getCaseId().equals(opened.getCaseId())
                                            && c.getStatus() == CaseStatus.CLOSED);
            assertThat(closed.getReasons()).extracting(ReasonCode::getCode).contains("DISMISSED");

            // 6. The same loan draws again: no case, lower scores, allowed.
            Map<String, FraudScore> after = draw(producer, scores, 21);
            for (String who : FAMILY) {
                FraudScore s = after.get(who);
                System.out.printf(
                        "%s: %.4f %s with the case open, %.4f %s once dismissed%n",
                        who,
                        before.get(who).getScore(),
                        before.get(who).getDecision(),
                        s.getScore(),
                        s.getDecision());
                assertThat(s.getFeatures()).doesNotContainKey("case.open_cases");
                assertThat(s.getReasons())
                        .extracting(ReasonCode::getCode)
                        .doesNotContain("OPEN_CASE_MEMBER", "OPEN_CASE_CREDIT");
                assertThat(s.getScore()).as(who).isLessThan(before.get(who).getScore());
                assertThat(s.getDecision()).as(who).isEqualTo(Decision.ALLOW);
            }
        } finally {
            job.cancel().get();
        }

        // 7. The verdict is in the next train's labels.
        CliRun again =
                train(
                        data,
                        tmp.resolve("model-2.json"),
                        "--verdicts-from-kafka",
                        KAFKA.bootstrapServers(),
                        "--feedback-topic",
                        topics.feedback());
        assertThat(again.out())
                .contains("verdicts over the labels: 3 accounts (0 fraud, 3 honest)");
    }

    /** {@code train} on the data set (replayed into {@code replayed/} the first time). */
    private CliRun train(Path data, Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--data",
                                data.toString(),
                                "--replay",
                                tmp.resolve("replayed").toString(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return run;
    }

    /** Each family member pays 88.00 at its usual shop on its own phone; their scores. */
    private Map<String, FraudScore> draw(
            EventProducer producer, ResultReader<FraudScore> scores, int minute) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String who : FAMILY) {
            String id = "draw-" + who + "-" + minute;
            ids.put(id, who);
            producer.send(loanDraw(who, id, start.plus(Duration.ofMinutes(minute))));
        }
        producer.flush();
        Map<String, FraudScore> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (out.size() < ids.size() && System.nanoTime() < deadline) {
            for (FraudScore s : scores.poll(Duration.ofMillis(500))) {
                String who = ids.get(s.getEventId());
                if (who != null) {
                    out.put(who, s);
                }
            }
        }
        assertThat(out).as("scores of " + ids.keySet()).hasSize(FAMILY.size());
        return out;
    }

    private static TransactionEvent payment(String who, String id, Instant at) {
        return TransactionEvent.newBuilder()
                .setEventId(id)
                .setEventTime(at)
                .setType(TransactionType.PAYMENT)
                .setAccountId(who)
                .setMerchantId("grocer-" + who)
                .setDeviceId("phone-" + who)
                .setIp("100.64." + who.length() + "." + Math.floorMod(who.hashCode(), 200))
                .setCity("Hangzhou")
                .setAmountMinor(8_800)
                .build();
    }

    private static ApplicationEvent loanDraw(String who, String id, Instant at) {
        return ApplicationEvent.newBuilder()
                .setEventId(id)
                .setEventTime(at)
                .setType(ApplicationType.LOAN_DRAW)
                .setAccountId(who)
                .setPhoneHash("p-" + who)
                .setIdNumberHash("id-" + who)
                .setDeviceId("phone-" + who)
                .setIp("100.64." + who.length() + "." + Math.floorMod(who.hashCode(), 200))
                .setRequestedAmountMinor(88_000)
                .build();
    }

    private static RingCase awaitCase(ResultReader<RingCase> cases, Predicate<RingCase> wanted) {
        List<RingCase> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (RingCase c : cases.poll(Duration.ofMillis(500))) {
                seen.add(c);
                if (wanted.test(c)) {
                    return c;
                }
            }
        }
        throw new AssertionError("no such case within 60 s; seen " + seen);
    }

    private static List<String> accounts(RingCase c) {
        return c.getMembers().stream()
                .filter(m -> m.getEntityType() == EntityType.ACCOUNT)
                .map(m -> m.getEntityId())
                .toList();
    }

    private static DeviceEvent device(
            String account,
            String id,
            DeviceEventType type,
            String device,
            boolean rooted,
            Instant at) {
        return DeviceEvent.newBuilder()
                .setEventId(id)
                .setEventTime(at)
                .setType(type)
                .setAccountId(account)
                .setDeviceId(device)
                .setFingerprint(
                        DeviceFingerprint.newBuilder()
                                .setModel(rooted ? "Tab A8" : "Redmi 12")
                                .setOs("Android")
                                .setRooted(rooted)
                                .build())
                .setIp(
                        rooted
                                ? "192.168.1.20"
                                : "100.64."
                                        + account.length()
                                        + "."
                                        + Math.floorMod(account.hashCode(), 200))
                .setCity("Hangzhou")
                .build();
    }
}
