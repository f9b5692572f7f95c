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
 *
 * <p>Models only move forward: a record issued before the latest one taken (header {@value
 * ModelSignature#ISSUED_HEADER}, signed with the model) is refused the same way, so a copy of an
 * older signed model sent again cannot replace the newer one. An operator rolls back by publishing
 * the older file again, which issues it anew.
 */
final class ModelTextDeserializer implements KafkaRecordDeserializationSchema<String> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelTextDeserializer.class);

    /** X.509 encoding of the operator's public key; {@code null}: unsigned models are accepted. */
    private final byte[] publicKey;

    private transient PublicKey key;
    private transient Counter rejected;

    /**
     * The issue time of the latest model taken from the topic. The source reads the topic from its
     * start on every (re)start, so this is rebuilt in the topic's order before any newer record.
     */
    private transient long latestIssued;

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
        Header issuedHeader = record.headers().lastHeader(ModelSignature.ISSUED_HEADER);
        long issued = 0;
        String problem = null;
        if (issuedHeader != null) {
            if (issuedHeader.value() == null || issuedHeader.value().length != 8) {
                problem = "its " + ModelSignature.ISSUED_HEADER + " header is not 8 bytes";
            } else {
                issued = java.nio.ByteBuffer.wrap(issuedHeader.value()).getLong();
            }
        }
        if (problem == null && key != null) {
            Header signature = record.headers().lastHeader(ModelSignature.HEADER);
            byte[] signed =
                    issuedHeader == null ? value : ModelSignature.signedBytes(issued, value);
            problem =
                    signature == null
                            ? "it is not signed"
                            : ModelSignature.verify(key, signed, signature.value())
                                    ? null
                                    : "its signature does not match (changed after signing, or signed with another key)";
        }
        if (problem == null && issued < latestIssued) {
            problem =
                    "it was issued "
                            + java.time.Instant.ofEpochMilli(issued)
                            + ", before the latest model ("
                            + java.time.Instant.ofEpochMilli(latestIssued)
                            + "): an older model sent again; to roll back, publish its file again";
        }
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
        latestIssued = issued;
        out.collect(new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }
}
