package org.fraudgraph.job.io;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;

/**
 * The Kafka end of the outputs: scores keyed by entity, cases keyed by case id (the case topic is
 * compacted), dead letters keyed as they arrived. Every sink writes in Kafka transactions committed
 * on checkpoints (exactly once), so consumers that read with {@code isolation.level=read_committed}
 * see each result once, after its checkpoint.
 *
 * <p>The case sink runs with parallelism 1, chained to the single ring detector: with several sink
 * writers the versions of one case would reach the topic through different transactions, and two
 * transactions committed on the same checkpoint may land in either order, so a reader could see
 * version 2 before version 1.
 */
public final class KafkaOutputs {
    private KafkaOutputs() {}

    public static void sink(
            FraudOutputs outputs,
            DataStream<DeadLetter> deadLetters,
            KafkaSettings kafka,
            Topics topics) {
        outputs.scores()
                .sinkTo(
                        sink(
                                kafka,
                                "scores",
                                new AvroRecordSerializer<>(
                                        topics.scores(),
                                        FraudScore.class,
                                        FraudScore::getEntityId,
                                        FitToLimit::score,
                                        recordLimit(kafka))))
                .uid("sink-scores")
                .name("Kafka scores");
        outputs.cases()
                .sinkTo(
                        sink(
                                kafka,
                                "cases",
                                new AvroRecordSerializer<>(
                                        topics.cases(),
                                        RingCase.class,
                                        RingCase::getCaseId,
                                        FitToLimit::ringCase,
                                        recordLimit(kafka))))
                .setParallelism(1)
                .uid("sink-cases")
                .name("Kafka cases");
        deadLetters
                .sinkTo(sink(kafka, "dead-letters", new DeadLetterSerializer(topics.deadLetters())))
                .uid("sink-dead-letters")
                .name("Kafka dead letters");
    }

    /**
     * The most bytes of key and value an output record may have: the producer's {@code
     * max.request.size} (Kafka's default 1 MiB unless the Kafka properties set it) less 1 KiB for
     * the record batch's own header and the record's headers.
     */
    static int recordLimit(KafkaSettings kafka) {
        Object configured = kafka.properties().get("max.request.size");
        int max = configured == null ? 1_048_576 : Integer.parseInt(configured.toString().trim());
        return Math.max(64 * 1024, max - 1024);
    }

    /**
     * An exactly-once Kafka sink as every output of the job has: transactions committed on
     * checkpoints, transactional ids {@code <prefix>-<name>-...}.
     */
    public static <T> KafkaSink<T> sink(
            KafkaSettings kafka, String name, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(kafka.properties())
                .setProperty(
                        "transaction.timeout.ms",
                        Long.toString(kafka.transactionTimeout().toMillis()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + "-" + name)
                .setRecordSerializer(serializer)
                .build();
    }
}
