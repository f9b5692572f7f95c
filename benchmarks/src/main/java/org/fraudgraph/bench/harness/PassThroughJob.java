package org.fraudgraph.bench.harness;

import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fraudgraph.job.io.FraudInputs;
import org.fraudgraph.job.io.KafkaInputs;
import org.fraudgraph.job.io.KafkaOutputs;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.codec.AvroCodec;

/**
 * The benchmark's ceiling: the job's own Kafka sources (decoding, watermarks, dead letters) and an
 * exactly-once Kafka sink, with nothing between but encoding each event again. No state, no
 * shuffle: what the machine does with the same data when the graph costs nothing.
 */
public final class PassThroughJob {
    private static final TypeInformation<Tuple2<String, byte[]>> ENCODED =
            Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE));

    private PassThroughJob() {}

    /** Sources of {@code options}' input topics → encode → {@code outputTopic}. */
    public static void wire(
            StreamExecutionEnvironment env, JobOptions options, String outputTopic) {
        FraudInputs in =
                KafkaInputs.create(env, options.kafka(), options.topics(), options.inputs())
                        .events();
        DataStream<Tuple2<String, byte[]>> all =
                encoded(in.transactions(), TransactionEvent.class, "transactions")
                        .union(
                                encoded(in.devices(), DeviceEvent.class, "devices"),
                                encoded(in.applications(), ApplicationEvent.class, "applications"),
                                encoded(in.feedback(), FeedbackEvent.class, "feedback"));
        all.sinkTo(KafkaOutputs.sink(options.kafka(), "passthrough", new Raw(outputTopic)))
                .uid("sink-passthrough")
                .name("Kafka pass-through");
    }

    private static <T extends SpecificRecord> DataStream<Tuple2<String, byte[]>> encoded(
            DataStream<T> events, Class<T> type, String name) {
        return events.map(new Encode<>(type), ENCODED).uid("encode-" + name).name("Encode " + name);
    }

    /** An event as its record key (the event id) and its Avro bytes. */
    private static final class Encode<T extends SpecificRecord>
            implements MapFunction<T, Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final AvroCodec<T> codec;

        Encode(Class<T> type) {
            this.codec = AvroCodec.of(type);
        }

        @Override
        public Tuple2<String, byte[]> map(T event) {
            Object id = event.get(event.getSchema().getField("eventId").pos());
            return Tuple2.of(String.valueOf(id), codec.encode(event));
        }
    }

    private static final class Raw
            implements KafkaRecordSerializationSchema<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        Raw(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                Tuple2<String, byte[]> element, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(
                    topic, element.f0.getBytes(StandardCharsets.UTF_8), element.f1);
        }
    }
}
