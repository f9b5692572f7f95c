package org.fraudgraph.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    private static final Instant NOON = Instant.parse("2026-11-24T12:00:00Z");
    private final AvroCodec<TransactionEvent> codec = AvroCodec.of(TransactionEvent.class);

    private static TransactionEvent payment(String accountId) {
        return TransactionEvent.newBuilder()
                .setEventId("tx-1")
                .setEventTime(NOON)
                .setType(TransactionType.PAYMENT)
                .setAccountId(accountId)
                .setMerchantId("m-7")
                .setAmountMinor(43_000)
                .build();
    }

    @Test
    void roundTripsAPaymentWithItsSchemaFingerprintInTheHeader() throws Exception {
        byte[] bytes = codec.encode(payment("acc-1"));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(bytes)).isEqualTo(payment("acc-1"));
    }

    @Test
    void garbageIsNotASingleObject() {
        assertThatThrownBy(() -> codec.decode("hello, not avro".getBytes()))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_SINGLE_OBJECT));
        assertThatThrownBy(() -> codec.decode(new byte[0]))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_SINGLE_OBJECT));
    }

    @Test
    void anotherSchemasFingerprintIsUnknown() throws Exception {
        Schema other =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"TransactionEvent\",\"namespace\":\"x\","
                                        + "\"fields\":[{\"name\":\"eventId\",\"type\":\"string\"}]}");
        GenericRecord record = new GenericData.Record(other);
        record.put("eventId", "tx-9");
        byte[] bytes =
                SchemaEvolutionTest.toArray(
                        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), other)
                                .encode(record));
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
                            assertThat(e.getMessage())
                                    .contains("not a known TransactionEvent schema");
                        });
    }

    @Test
    void truncatedBodyIsMalformed() {
        byte[] bytes = codec.encode(payment("acc-1"));
        byte[] truncated = Arrays.copyOf(bytes, 14);
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_BODY));
    }

    @Test
    void emptyAccountIdIsAMissingField() {
        byte[] bytes = codec.encode(payment(""));
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
                            assertThat(e.getMessage())
                                    .isEqualTo("TransactionEvent lacks required accountId");
                        });
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var oos = new java.io.ObjectOutputStream(out)) {
            oos.writeObject(codec);
        }
        try (var ois =
                new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(out.toByteArray()))) {
            @SuppressWarnings("unchecked")
            AvroCodec<TransactionEvent> copy = (AvroCodec<TransactionEvent>) ois.readObject();
            assertThat(copy.decode(codec.encode(payment("acc-2"))).getAccountId())
                    .isEqualTo("acc-2");
        }
    }
}
