package org.fraudgraph.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.TransactionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schema change must keep reading what producers wrote with every released version. */
class SchemaEvolutionTest {

    static Stream<Class<? extends SpecificRecord>> recordTypes() {
        return Stream.of(
                TransactionEvent.class,
                DeviceEvent.class,
                ApplicationEvent.class,
                FeedbackEvent.class,
                FraudScore.class,
                RingCase.class,
                DeadLetter.class);
    }

    @Test
    void everyRecordTypeHasAHistory() {
        assertThat(SchemaHistory.recordNames())
                .containsExactlyInAnyOrderElementsOf(
                        recordTypes().map(Class::getSimpleName).toList());
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void newestReleasedVersionIsTheCurrentSchema(Class<? extends SpecificRecord> type) {
        Schema current = AvroCodec.of(type).schema();
        List<Schema> history = SchemaHistory.previousVersions(type.getSimpleName());
        assertThat(history).isNotEmpty();
        assertThat(SchemaNormalization.toParsingForm(history.get(history.size() - 1)))
                .as(
                        "changed %s? add the next version under schema/history and keep it compatible",
                        type.getSimpleName())
                .isEqualTo(SchemaNormalization.toParsingForm(current));
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void currentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecord> type)
            throws Exception {
        AvroCodec<? extends SpecificRecord> codec = AvroCodec.of(type);
        for (Schema old : SchemaHistory.previousVersions(type.getSimpleName())) {
            assertThat(
                            SchemaCompatibility.checkReaderWriterCompatibility(codec.schema(), old)
                                    .getType())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            RandomRecords random = new RandomRecords(42);
            for (int i = 0; i < 50; i++) {
                GenericRecord written = (GenericRecord) random.valueOf(old);
                ByteBuffer bytes =
                        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old)
                                .encode(written);
                SpecificRecord read = codec.decode(toArray(bytes));
                for (Schema.Field field : old.getFields()) {
                    if (field.schema().getType() == Schema.Type.STRING) {
                        assertThat(read.get(codec.schema().getField(field.name()).pos()))
                                .isEqualTo(written.get(field.name()).toString());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void everyTypeRoundTripsThroughSingleObjectEncoding(Class<? extends SpecificRecord> type)
            throws Exception {
        AvroCodec<SpecificRecord> codec = codecOf(type);
        RandomRecords random = new RandomRecords(7);
        for (int i = 0; i < 50; i++) {
            GenericRecord generic = (GenericRecord) random.valueOf(codec.schema());
            byte[] bytes =
                    toArray(
                            new BinaryMessageEncoder<GenericRecord>(
                                            GenericData.get(), codec.schema())
                                    .encode(generic));
            SpecificRecord decoded = codec.decode(bytes);
            assertThat(codec.encode(decoded)).isEqualTo(bytes);
            assertThat(codec.decode(codec.encode(decoded))).isEqualTo(decoded);
        }
    }

    @Test
    void compatibilityCheckRejectsANewRequiredFieldWithoutDefault() {
        Schema current = AvroCodec.of(TransactionEvent.class).schema();
        String json = current.toString();
        String breaking =
                json.replaceFirst(
                        "\\{\"name\":\"eventId\"",
                        "{\"name\":\"riskTier\",\"type\":\"int\"},{\"name\":\"eventId\"");
        Schema next = new Schema.Parser().parse(breaking);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(next, current).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @SuppressWarnings("unchecked")
    private static AvroCodec<SpecificRecord> codecOf(Class<? extends SpecificRecord> type) {
        return (AvroCodec<SpecificRecord>) AvroCodec.of(type);
    }

    static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
