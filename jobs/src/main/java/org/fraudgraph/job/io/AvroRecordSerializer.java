package org.fraudgraph.job.io;

import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fraudgraph.schema.codec.AvroCodec;

/**
 * Writes a record as Avro single-object bytes to one topic, keyed by a field of the record, cut to
 * fit the producer's request limit first when it would not ({@link FitToLimit}).
 */
final class AvroRecordSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** Cuts a record until its size is at most the limit. */
    interface Fitter<T> extends java.io.Serializable {
        T fit(T record, java.util.function.ToIntFunction<T> size, int limit);
    }

    private final String topic;
    private final AvroCodec<T> codec;
    private final SerializableFunction<T, String> key;
    private final Fitter<T> fitter;
    private final int limitBytes;

    AvroRecordSerializer(
            String topic,
            Class<T> type,
            SerializableFunction<T, String> key,
            Fitter<T> fitter,
            int limitBytes) {
        this.topic = topic;
        this.codec = AvroCodec.of(type);
        this.key = key;
        this.fitter = fitter;
        this.limitBytes = limitBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        byte[] keyBytes = key.apply(element).getBytes(StandardCharsets.UTF_8);
        byte[] value = codec.encode(element);
        if (value.length + keyBytes.length > limitBytes) {
            T fitting =
                    fitter.fit(element, r -> codec.encode(r).length + keyBytes.length, limitBytes);
            value = codec.encode(fitting);
        }
        return new ProducerRecord<>(topic, keyBytes, value);
    }
}
