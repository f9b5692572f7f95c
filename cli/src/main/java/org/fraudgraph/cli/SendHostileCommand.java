package org.fraudgraph.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.DeviceFingerprint;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Sends records that must each become one dead letter, spread over the four input topics: random
 * bytes, a negative amount, an unknown currency or an account opened after its own event, an
 * account id of spaces, an event from 1990, an account id of 300 characters. The same count and
 * seed send the same records. For bin/failure-test, whose runs must then agree on the dead letters
 * too; hidden from the command list.
 */
@Command(
        name = "send-hostile",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Sends records to the input topics that the job must turn into dead letters.")
final class SendHostileCommand implements Callable<Integer> {
    @Mixin KafkaTopicsOption kafka;

    @Option(
            names = "--count",
            defaultValue = "120",
            description = "How many (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "24", description = "Seed of the random bytes.")
    long seed;

    @Override
    public Integer call() {
        if (count < 0) {
            throw new org.fraudgraph.job.options.Cli.UsageProblem("--count must not be negative");
        }
        Topics topics = Topics.DEFAULTS;
        kafka.requireTopics(topics.transactions(), topics.devices(), topics.applications());
        Random random = new Random(seed);
        Instant now = Instant.now();
        Map<DeadLetterReason, Integer> expected = new TreeMap<>();
        try (EventProducer producer = new EventProducer(kafka.settings(), topics)) {
            for (int i = 0; i < count; i++) {
                String id = "hostile-" + i;
                switch (i % 6) {
                    case 0 -> {
                        byte[] garbage = new byte[1 + random.nextInt(2_000)];
                        random.nextBytes(garbage);
                        List<String> inputs =
                                List.of(
                                        topics.transactions(),
                                        topics.devices(),
                                        topics.applications(),
                                        topics.feedback());
                        producer.sendRaw(
                                inputs.get((i / 6) % inputs.size()),
                                id.getBytes(StandardCharsets.UTF_8),
                                garbage);
                        expected.merge(DeadLetterReason.NOT_SINGLE_OBJECT, 1, Integer::sum);
                    }
                    case 1 ->
                            send(
                                    producer,
                                    payment(id, "acc-" + id, now, -10_000),
                                    expected,
                                    DeadLetterReason.VALUE_OUT_OF_RANGE);
                    case 2 -> {
                        TransactionEvent e = payment(id, "acc-" + id, now, 10_000);
                        if ((i / 6) % 2 == 0) {
                            e.setCurrency("XXQ");
                        } else {
                            // An account said to be opened a month after its own payment.
                            e.setAccountCreatedTime(now.plus(java.time.Duration.ofDays(30)));
                        }
                        send(producer, e, expected, DeadLetterReason.VALUE_OUT_OF_RANGE);
                    }
                    case 3 ->
                            send(
                                    producer,
                                    login(id, "   ", now),
                                    expected,
                                    DeadLetterReason.MISSING_FIELD);
                    case 4 ->
                            send(
                                    producer,
                                    payment(
                                            id,
                                            "acc-" + id,
                                            Instant.parse("1990-01-01T00:00:00Z"),
                                            100),
                                    expected,
                                    DeadLetterReason.EVENT_TIME_OUT_OF_RANGE);
                    default ->
                            send(
                                    producer,
                                    application(id, "a".repeat(300), now),
                                    expected,
                                    DeadLetterReason.FIELD_TOO_LONG);
                }
            }
            producer.flush();
        }
        System.out.printf("fraudgraph: sent %d hostile records %s%n", count, expected);
        return 0;
    }

    private static void send(
            EventProducer producer,
            SpecificRecord event,
            Map<DeadLetterReason, Integer> expected,
            DeadLetterReason reason) {
        producer.send(event);
        expected.merge(reason, 1, Integer::sum);
    }

    private static TransactionEvent payment(String id, String account, Instant t, long amount) {
        return TransactionEvent.newBuilder()
                .setEventId(id)
                .setEventTime(t)
                .setType(TransactionType.PAYMENT)
                .setAccountId(account)
                .setMerchantId("m-hostile")
                .setAmountMinor(amount)
                .build();
    }

    private static DeviceEvent login(String id, String account, Instant t) {
        return DeviceEvent.newBuilder()
                .setEventId(id)
                .setEventTime(t)
                .setType(DeviceEventType.LOGIN)
                .setAccountId(account)
                .setDeviceId("d-hostile")
                .setFingerprint(DeviceFingerprint.newBuilder().build())
                .build();
    }

    private static ApplicationEvent application(String id, String account, Instant t) {
        return ApplicationEvent.newBuilder()
                .setEventId(id)
                .setEventTime(t)
                .setType(ApplicationType.CREDIT_APPLICATION)
                .setAccountId(account)
                .setPhoneHash("0a1b2c3d4e5f6a7b")
                .setIdNumberHash("1b2c3d4e5f6a7b8c")
                .setDeviceId("d-hostile")
                .setRequestedAmountMinor(100_000)
                .build();
    }
}
