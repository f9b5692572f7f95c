package org.fraudgraph.job.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;

/**
 * A control-topic record as text. Any bytes become a string (malformed UTF-8 is replaced), so a
 * broken record reaches the model check and is refused there with its reason, never failing the
 * source.
 */
final class ModelTextDeserializer extends AbstractDeserializationSchema<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(byte[] message) {
        return message == null ? "" : new String(message, StandardCharsets.UTF_8);
    }
}
