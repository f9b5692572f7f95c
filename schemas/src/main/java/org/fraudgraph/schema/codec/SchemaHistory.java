package org.fraudgraph.schema.codec;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Every released version of every schema, kept under {@code
 * /org/fraudgraph/schema/history/<Name>/v<N>.avsc}.
 *
 * <p>Producers may still write with any of them, so the decoders register them all. The newest
 * entry must equal the current schema ({@code SchemaEvolutionTest} checks it): a schema change adds
 * the next version here, and must stay backward compatible with all earlier ones.
 */
public final class SchemaHistory {
    /** Number of released versions per record name. */
    static final Map<String, Integer> RELEASED =
            Map.of(
                    "TransactionEvent", 2,
                    "DeviceEvent", 2,
                    "ApplicationEvent", 2,
                    "FeedbackEvent", 1,
                    "FraudScore", 1,
                    "RingCase", 2,
                    "DeadLetter", 3);

    private SchemaHistory() {}

    /** All released versions of the named record, oldest first; empty for an unknown name. */
    public static List<Schema> previousVersions(String recordName) {
        int count = RELEASED.getOrDefault(recordName, 0);
        List<String> paths = new java.util.ArrayList<>();
        for (int v = 1; v <= count; v++) {
            paths.add(resource(recordName, v));
        }
        return AvroCodec.parseAll(paths);
    }

    /** Names of every record that has a history. */
    public static java.util.Set<String> recordNames() {
        return RELEASED.keySet();
    }

    static String resource(String recordName, int version) {
        return "/org/fraudgraph/schema/history/" + recordName + "/v" + version + ".avsc";
    }
}
