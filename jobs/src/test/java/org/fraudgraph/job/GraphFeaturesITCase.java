package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.EmbeddedKafkaExtension;
import org.fraudgraph.job.testing.JobTesting;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph features on the real job (MiniCluster, RocksDB, in-process Kafka broker): a scripted
 * device farm (one device, 30 accounts in an hour) and a scripted application ring (8 applications
 * sharing 2 contact phones and 1 address), with the exact feature values on the ring's events and
 * on clean ones. Events are sent one at a time, each after the score of the one before, so the
 * expected values do not depend on arrival order.
 */
class GraphFeaturesITCase {
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(3));

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTesting.miniCluster(new Configuration());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir static Path temp;

    private EventProducer producer;
    private ResultReader<FraudScore> scores;
    private final Map<String, FraudScore> seen = new HashMap<>();

    @Test
    void deviceFarmAndApplicationRingShowInTheirFeatures() throws Exception {
        Topics topics = JobTesting.topics("it-graph");
        KAFKA.kafka().createTopics(topics.newTopics(2, (short) 1));
        JobOptions options =
                JobTesting.options(KAFKA.bootstrapServers(), topics, temp.resolve("checkpoints"));
        JobClient job = JobTesting.start(options, "fraudgraph-it-graph");
        try {
            producer = new EventProducer(KAFKA.bootstrapServers(), topics);
            scores =
                    new ResultReader<>(KAFKA.bootstrapServers(), topics.scores(), FraudScore.class);
            deviceFarm();
            applicationRing();
        } finally {
            job.cancel().get();
            if (producer != null) {
                producer.close();
            }
            if (scores != null) {
                scores.close();
            }
        }
    }

    private void deviceFarm() {
        for (int i = 1; i <= 30; i++) {
            Map<String, Double> f =
                    scored(
                            DeviceEvent.newBuilder()
                                    .setEventId("farm-register-" + i)
                                    .setEventTime(T0.plus(Duration.ofMinutes(2L * (i - 1))))
                                    .setType(DeviceEventType.REGISTER)
                                    .setAccountId("farm-" + i)
                                    .setDeviceId("dev-farm")
                                    .setFingerprint(fingerprint(true))
                                    .setPhoneHash("farm-phone-" + i)
                                    .build());
            assertThat(f)
                    .as("farm account %d", i)
                    .containsEntry("device.accounts_1h", (double) i)
                    .containsEntry("device.accounts_24h", (double) i)
                    .containsEntry("device.accounts_7d", (double) i)
                    .containsEntry("device.hub", 0.0)
                    .containsEntry("device.emulator", 1.0)
                    .containsEntry("device.age_minutes", 2.0 * (i - 1))
                    .containsEntry("phone.accounts_7d", 1.0)
                    .containsEntry("twohop.accounts_7d", (double) (i - 1))
                    .containsEntry("twohop.largest_set_7d", (double) (i - 1))
                    .containsEntry("account.events_1h", 1.0)
                    .containsEntry("account.devices_1h", 1.0)
                    .containsEntry("novelty.new_device", 1.0)
                    .containsEntry("taint.distance", -1.0);
        }
        // A clean account on its own device, paying a shop: nothing shared.
        Map<String, Double> clean =
                scored(payment("honest-pay-1", "honest-1", "dev-honest", "shop-1", 75, 12_345));
        assertThat(clean)
                .containsEntry("device.accounts_24h", 1.0)
                .containsEntry("device.emulator", 0.0)
                .containsEntry("merchant.buyers_1h", 1.0)
                .containsEntry("merchant.round_amount_share_24h", 0.0)
                .containsEntry("twohop.accounts_7d", 0.0)
                .containsEntry("twohop.contact_recent_applicant", 0.0)
                .containsEntry("taint.distance", -1.0)
                .doesNotContainKey("contact.accounts_1h");
    }

    private void applicationRing() throws Exception {
        for (int k = 1; k <= 8; k++) {
            Map<String, Double> f =
                    scored(
                            ApplicationEvent.newBuilder()
                                    .setEventId("ring-apply-" + k)
                                    .setEventTime(T0.plus(Duration.ofMinutes(80 + 3L * k)))
                                    .setType(ApplicationType.CREDIT_APPLICATION)
                                    .setAccountId("ring-" + k)
                                    .setPhoneHash("ring-phone-" + k)
                                    .setIdNumberHash("ring-id-" + k)
                                    .setAddressHash("ring-address")
                                    .setContactPhoneHashes(
                                            List.of("ring-contact-a", "ring-contact-b"))
                                    .setDeviceId("ring-device-" + k)
                                    .setRequestedAmountMinor(5_000_000)
                                    .build());
            assertThat(f)
                    .as("ring application %d", k)
                    .containsEntry("address.accounts_1h", (double) k)
                    .containsEntry("address.applications_1h", (double) k)
                    .containsEntry("address.applications_24h", (double) k)
                    .containsEntry("contact.accounts_1h", (double) k)
                    .containsEntry("contact.applications_1h", (double) k)
                    .containsEntry("phone.accounts_7d", 1.0)
                    .containsEntry("phone.applications_1h", 1.0)
                    .containsEntry("id_number.accounts_7d", 1.0)
                    .containsEntry("application.device_age_minutes", 0.0)
                    .containsEntry("twohop.accounts_7d", (double) (k - 1))
                    .containsEntry("twohop.largest_set_7d", (double) (k - 1))
                    .containsEntry("twohop.contact_recent_applicant", k > 1 ? 1.0 : 0.0);
        }
        // Later the first applicant pays from its device: the event names neither the address nor
        // the contacts, but the account's identity nodes still link it to the other 7.
        Map<String, Double> pays =
                scored(payment("ring-pay-1", "ring-1", "ring-device-1", "shop-1", 110, 500_000));
        assertThat(pays)
                .containsEntry("twohop.accounts_7d", 7.0)
                .containsEntry("twohop.largest_set_7d", 7.0)
                .containsEntry("twohop.contact_recent_applicant", 1.0)
                .containsEntry("merchant.buyers_1h", 2.0)
                .containsEntry("novelty.new_merchant", 1.0)
                .containsEntry("account.events_1h", 2.0)
                .containsEntry("account.events_24h", 2.0)
                .doesNotContainKey("address.accounts_1h");
        // One of the merchant's two payments was round: a share of at least 0.09 with 95 %
        // confidence (Wilson), not "half".
        assertThat(pays.get("merchant.round_amount_share_24h")).isCloseTo(0.0945, within(0.001));

        // Ring member 2 is confirmed as fraud: its address and contacts now taint the others.
        producer.send(
                FeedbackEvent.newBuilder()
                        .setEventId("verdict-ring-2")
                        .setEventTime(T0.plus(Duration.ofMinutes(115)))
                        .setEntityType(EntityType.ACCOUNT)
                        .setEntityId("ring-2")
                        .setVerdict(Verdict.CONFIRMED_FRAUD)
                        .build());
        producer.flush();
        Map<String, Double> tainted = null;
        for (int attempt = 0; attempt < 20 && tainted == null; attempt++) {
            Map<String, Double> f =
                    scored(
                            payment(
                                    "ring-3-pay-" + attempt,
                                    "ring-3",
                                    "ring-device-3",
                                    "shop-2",
                                    120 + attempt,
                                    1_000));
            if (f.get("taint.distance") > 0) {
                tainted = f;
            } else {
                Thread.sleep(250);
            }
        }
        assertThat(tainted).as("the verdict reached ring-3's shared nodes").isNotNull();
        assertThat(tainted.get("taint.distance")).isEqualTo(2.0);
        double ageHours = tainted.get("taint.age_hours");
        assertThat(ageHours).isBetween(5 / 60.0 - 1e-9, 25 / 60.0);
        assertThat(tainted.get("taint.weight"))
                .isCloseTo(Math.pow(0.5, ageHours / (7 * 24)), within(1e-9));
    }

    private static TransactionEvent payment(
            String id, String account, String device, String merchant, long minute, long amount) {
        return TransactionEvent.newBuilder()
                .setEventId(id)
                .setEventTime(T0.plus(Duration.ofMinutes(minute)))
                .setType(TransactionType.PAYMENT)
                .setAccountId(account)
                .setMerchantId(merchant)
                .setDeviceId(device)
                .setAmountMinor(amount)
                .build();
    }

    private static DeviceFingerprint fingerprint(boolean emulator) {
        return DeviceFingerprint.newBuilder()
                .setModel("sdk_gphone")
                .setOs("Android")
                .setOsVersion("13")
                .setEmulator(emulator)
                .setRooted(false)
                .build();
    }

    /** Sends one event and waits for its score; returns its feature vector. */
    private Map<String, Double> scored(SpecificRecord event) {
        String id = String.valueOf(event.get(0));
        producer.send(event);
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!seen.containsKey(id)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no score for " + id + " within 60 s");
            }
            for (FraudScore s : scores.poll(Duration.ofMillis(100))) {
                seen.put(s.getEventId(), s);
            }
        }
        return seen.get(id).getFeatures();
    }
}
