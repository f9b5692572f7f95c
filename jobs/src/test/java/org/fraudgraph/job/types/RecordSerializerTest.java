package org.fraudgraph.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/**
 * The serializers read strings in blocks, but what Flink's {@link StringValue} wrote (records, and
 * state in checkpoints) reads the same as with {@link StringValue#readString}, and the next field
 * starts where it should.
 */
class RecordSerializerTest {
    private static List<String> strings() {
        List<String> strings = new ArrayList<>();
        strings.add("");
        strings.add("acc-0012345");
        strings.add("DEVICE:3f2a9c1e-77b0-4d5e-9a0f-0b1c2d3e4f50");
        strings.add("IP24:10.0.0");
        strings.add("why?");
        strings.add("Zoë Müller"); // Latin-1: chars of two bytes in StringValue's format
        strings.add("张伟-北京市朝阳区"); // CJK: three bytes each
        strings.add("pay \uD83D\uDCB3 card"); // a surrogate pair
        strings.add("lone \uD800 surrogate");
        strings.add("a".repeat(127)); // the length (+1) needs two bytes from here
        strings.add("b".repeat(20_000)); // and three bytes here
        strings.add("é".repeat(300) + "x".repeat(300)); // a block that ends mid-string
        strings.add("x".repeat(300) + "é"); // non-ASCII only in the last char
        return strings;
    }

    @Test
    void readsWhatStringValueWroteAndStopsAtItsEnd() throws IOException {
        for (String s : strings()) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            StringValue.writeString(s, out);
            out.writeInt(0x5EA1ED); // what follows the string in a record
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(RecordSerializer.readString(in))
                    .isEqualTo(s)
                    .isEqualTo(
                            StringValue.readString(
                                    new DataInputDeserializer(out.getCopyOfBuffer())));
            assertThat(in.readInt()).as("the next field of " + s).isEqualTo(0x5EA1ED);
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void nullIsReadAsStringValueDoes() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        StringValue.writeString(null, out);
        assertThat(RecordSerializer.readString(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isNull();
    }
}
