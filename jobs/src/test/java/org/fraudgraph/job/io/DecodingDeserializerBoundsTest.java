package org.fraudgraph.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.ApplicationType;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives, what leaves the decoder fits the output producer's 1 MiB limit: an event with a
 * field outside its bound is a dead letter ({@code FIELD_TOO_LONG}), and a dead letter carries at
 * most 256 KiB of the payload and 1 KiB of the key, with their length and SHA-256.
 */
@Tag("hostile")
public class DecodingDeserializerBoundsTest {
    private static final Instant NOW = Instant.now().minusSeconds(60);

    private static TransactionEvent payment(String account) {
        return TransactionEvent.newBuilder()
                .setEventId("ev-1")
                .setEventTime(NOW)
                .setType(TransactionType.PAYMENT)
                .setAccountId(account)
                .setMerchantId("m-1")
                .setAmountMinor(10_000)
                .build();
    }

    /** A credit application naming 10,000 emergency contacts: a list far outside its bound. */
    public static ApplicationEvent crowdedApplication(String eventId, Instant time) {
        return ApplicationEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(time)
                .setType(ApplicationType.CREDIT_APPLICATION)
                .setAccountId("acc-crowded")
                .setPhoneHash("p")
                .setIdNumberHash("i")
                .setBankCardHash("c")
                .setAddressHash("a")
                .setEmployerHash("e")
                .setContactPhoneHashes(Collections.nCopies(10_000, "c-1"))
                .setDeviceId("d")
                .setIp("10.0.0.1")
                .setRequestedAmountMinor(100_000)
                .build();
    }

    private static <T extends SpecificRecordBase> List<Either<DeadLetter, T>> decode(
            Class<T> type, byte[] key, byte[] value) {
        DecodingDeserializer<T> decoder = new DecodingDeserializer<>(type, Duration.ofHours(1));
        decoder.open(null);
        List<Either<DeadLetter, T>> out = new ArrayList<>();
        decoder.deserialize(
                new ConsumerRecord<>("in", 0, 7, key, value),
                new Collector<>() {
                    @Override
                    public void collect(Either<DeadLetter, T> record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        return out;
    }

    private static int encodedSize(DeadLetter letter) {
        return AvroCodec.of(DeadLetter.class).encode(letter).length;
    }

    @Test
    void anOrdinaryEventPasses() {
        byte[] bytes = AvroCodec.of(TransactionEvent.class).encode(payment("acc-1"));
        assertThat(decode(TransactionEvent.class, "acc-1".getBytes(StandardCharsets.UTF_8), bytes))
                .singleElement()
                .matches(Either::isRight);
    }

    @Test
    void anAccountOpenedBeforeItsEventPassesAndOneOpenedAfterOrBefore2000IsADeadLetter() {
        TransactionEvent opened = payment("acc-1");
        opened.setAccountCreatedTime(NOW.minus(Duration.ofDays(400)));
        TransactionEvent fromTheFuture = payment("acc-1");
        fromTheFuture.setAccountCreatedTime(NOW.plus(Duration.ofHours(2)));
        TransactionEvent fromTheEpoch = payment("acc-1");
        fromTheEpoch.setAccountCreatedTime(Instant.EPOCH);
        assertThat(decode(TransactionEvent.class, null, encode(opened)))
                .singleElement()
                .matches(Either::isRight);
        DeadLetter later =
                decode(TransactionEvent.class, null, encode(fromTheFuture)).get(0).left();
        assertThat(later.getReason()).isEqualTo(DeadLetterReason.VALUE_OUT_OF_RANGE);
        assertThat(later.getDetail())
                .startsWith("field accountCreatedTime ")
                .contains(" is after the event (")
                .endsWith("): an account does not act before it is opened");
        DeadLetter early = decode(TransactionEvent.class, null, encode(fromTheEpoch)).get(0).left();
        assertThat(early.getReason()).isEqualTo(DeadLetterReason.VALUE_OUT_OF_RANGE);
        assertThat(early.getDetail())
                .isEqualTo(
                        "field accountCreatedTime 1970-01-01T00:00:00Z is before 2000-01-01T00:00:00Z");
    }

    private static byte[] encode(TransactionEvent e) {
        return AvroCodec.of(TransactionEvent.class).encode(e);
    }

    @Test
    void aValidPaymentWithAHugeAccountIdIsADeadLetterThatFits() {
        String huge = "a".repeat(600_000);
        byte[] bytes = AvroCodec.of(TransactionEvent.class).encode(payment(huge));
        DeadLetter letter =
                decode(TransactionEvent.class, huge.getBytes(StandardCharsets.UTF_8), bytes)
                        .get(0)
                        .left();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.FIELD_TOO_LONG);
        assertThat(letter.getDetail())
                .startsWith("field accountId is 600,000 characters long; at most 256")
                .contains(
                        "payload of "
                                + String.format("%,d", bytes.length)
                                + " bytes cut to the first 262,144; SHA-256 ")
                .contains("key of 600,000 bytes cut to the first 1,024; SHA-256 ");
        assertThat(letter.getPayload().remaining())
                .isEqualTo(DecodingDeserializer.MAX_PAYLOAD_BYTES);
        assertThat(letter.getKey().remaining()).isEqualTo(DecodingDeserializer.MAX_KEY_BYTES);
        assertThat(encodedSize(letter)).isLessThan(300 * 1024);
    }

    @Test
    void anApplicationWithTenThousandContactsIsADeadLetter() {
        ApplicationEvent application = crowdedApplication("ev-2", NOW);
        DeadLetter letter =
                decode(
                                ApplicationEvent.class,
                                null,
                                AvroCodec.of(ApplicationEvent.class).encode(application))
                        .get(0)
                        .left();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.FIELD_TOO_LONG);
        assertThat(letter.getDetail())
                .isEqualTo(
                        "field contactPhoneHashes has 10,000 items; at most 64 (payload withheld:"
                                + " its phoneHash (1 character) does not look like a keyed"
                                + " hash, and the job has no HMAC key)");
        assertThat(letter.getPayload().remaining()).isZero();
    }

    @Test
    void aMegabyteOfGarbageWithAFiveKilobyteKeyIsADeadLetterThatFits() {
        byte[] garbage = new byte[1_100_000];
        new Random(3).nextBytes(garbage);
        byte[] key = new byte[5_000];
        DeadLetter letter = decode(TransactionEvent.class, key, garbage).get(0).left();
        assertThat(letter.getReason())
                .isIn(DeadLetterReason.NOT_SINGLE_OBJECT, DeadLetterReason.UNKNOWN_SCHEMA);
        assertThat(letter.getPayload().remaining())
                .isEqualTo(DecodingDeserializer.MAX_PAYLOAD_BYTES);
        assertThat(letter.getKey().remaining()).isEqualTo(DecodingDeserializer.MAX_KEY_BYTES);
        assertThat(letter.getDetail())
                .contains("payload of 1,100,000 bytes cut")
                .hasSizeLessThanOrEqualTo(1000);
        assertThat(encodedSize(letter)).isLessThan(300 * 1024);
    }
}
