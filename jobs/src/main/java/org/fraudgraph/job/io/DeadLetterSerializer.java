package org.fraudgraph.job.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.codec.AvroCodec;

/**
 * Writes a dead letter (Avro, with the original bytes inside) under the original key, and repeats
 * the reason and origin in headers so an operator can read them with any console consumer.
 */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    static final String HEADER_REASON = "fraudgraph.reason";
    static final String HEADER_DETAIL = "fraudgraph.detail";
    static final String HEADER_ORIGIN = "fraudgraph.origin";

    private final String topic;
    private final AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);

    DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_REASON, utf8(letter.getReason().name()));
        headers.add(HEADER_DETAIL, utf8(letter.getDetail()));
        headers.add(
                HEADER_ORIGIN,
                utf8(
                        letter.getSourceTopic()
                                + "-"
                                + letter.getPartition()
                                + "@"
                                + letter.getOffset()));
        return new ProducerRecord<>(
                topic, null, null, bytes(letter.getKey()), codec.encode(letter), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
