package org.fraudgraph.job.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control-topic record as text. Any bytes become a string (malformed UTF-8 is replaced), so a
 * broken record reaches the model check and is refused there with its reason, never failing the
 * source.
 *
 * <p>With the operator's public key, only models signed with the matching private key pass ({@link
 * ModelSignature}, header {@value ModelSignature#HEADER}); an unsigned or tampered one is refused
 * here, logged with where it came from, and counted in {@code modelsRejected}. The model in force
 * stays.
 */
final class ModelTextDeserializer implements KafkaRecordDeserializationSchema<String> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelTextDeserializer.class);

    /** X.509 encoding of the operator's public key; {@code null}: unsigned models are accepted. */
    private final byte[] publicKey;

    private transient PublicKey key;
    private transient Counter rejected;

    ModelTextDeserializer(byte[] publicKey) {
        this.publicKey = publicKey;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws IOException {
        rejected = context.getMetricGroup().counter("modelsRejected");
        if (publicKey != null) {
            key = ModelSignature.publicKey(publicKey, "--model-public-key");
        } else {
            LOG.warn(
                    "the models topic accepts unsigned scoring models; give the job"
                            + " --model-public-key to accept only models signed by the operator");
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        if (key != null) {
            Header signature = record.headers().lastHeader(ModelSignature.HEADER);
            String problem =
                    signature == null
                            ? "it is not signed"
                            : ModelSignature.verify(key, value, signature.value())
                                    ? null
                                    : "its signature does not match (changed after signing, or signed with another key)";
            if (problem != null) {
                rejected.inc();
                LOG.warn(
                        "scoring model at {}-{} offset {} refused: {}; the model in force stays",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        problem);
                return;
            }
        }
        out.collect(new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }
}
