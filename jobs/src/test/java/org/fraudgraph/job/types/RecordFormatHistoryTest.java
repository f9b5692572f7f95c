package org.fraudgraph.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.fraudgraph.testing.FixtureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records written by every earlier format of the graph stages' serializers still read, with every
 * field the writing release had: the join buffers and event buffers in keyed state, and records in
 * flight in an unaligned checkpoint, survive an upgrade. The fixtures are written by {@link
 * RecordFormatFixtures} with the code of the commit named in their file name.
 */
class RecordFormatHistoryTest {
    private static final FixtureFiles HISTORY =
            new FixtureFiles("/org/fraudgraph/job/types/history/");

    static Stream<String> fixtures() throws IOException {
        return HISTORY.names();
    }

    @Test
    void everyRecordTypeHasAFixtureOfItsCurrentFormatAndTheWriterStillWritesIt() throws Exception {
        for (Map.Entry<String, Object> e : RecordFormatFixtures.scripted().entrySet()) {
            byte[] now =
                    RecordFormatFixtures.write(
                            RecordFormatFixtures.typeOf(e.getKey()), e.getValue());
            String current = e.getKey() + "-v" + now[0];
            String fixture =
                    fixtures()
                            .filter(
                                    f ->
                                            f.startsWith(current + "-")
                                                    && f.matches(".*-\\d{4}-\\d\\d-\\d\\d"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no current fixture " + current));
            assertThat(now).as(fixture).isEqualTo(bytes(fixture));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void recordsOfEachFormatReadWithEveryFieldTheyHad(String fixture) throws Exception {
        String constant = fixture.substring(0, fixture.indexOf("-v"));
        TypeInformation<Object> type = RecordFormatFixtures.typeOf(constant);
        Object read =
                type.createSerializer(new SerializerConfigImpl())
                        .deserialize(new DataInputDeserializer(bytes(fixture)));
        Map<String, String> now = RecordFormatFixtures.fields(read);
        Map<String, String> then = expected(fixture);
        assertThat(now).as(fixture).containsAllEntriesOf(then);
    }

    private static byte[] bytes(String fixture) throws IOException {
        return HISTORY.bytes(fixture);
    }

    private static Map<String, String> expected(String fixture) throws IOException {
        return HISTORY.expected(fixture);
    }
}
