package org.fraudgraph.job.io;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.fraudgraph.job.fn.SplitDeadLetters;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * The Kafka end of the inputs: one source per event topic, decoded in the source, with
 * per-partition event-time watermarks (bounded out-of-orderness, idle partitions ignored after a
 * timeout); records that do not decode become one stream of dead letters.
 *
 * <pre>{@code
 * KafkaInputs in = KafkaInputs.create(env, kafka, topics, InputSettings.defaults());
 * FraudOutputs out = FraudPipeline.build(in.events(), config);
 * }</pre>
 */
public record KafkaInputs(FraudInputs events, DataStream<DeadLetter> deadLetters) {

    /**
     * @param maxOutOfOrderness how far behind the newest event of a partition an event may arrive
     *     and still be on time
     * @param idleTimeout after this long without records a partition stops holding the watermark
     *     back
     * @param maxFutureSkew an event further ahead of the wall clock than this is a dead letter
     * @param modelPublicKey the operator's Ed25519 public key (X.509 encoding): only models signed
     *     with it are taken from the models topic; {@code null} accepts unsigned models
     * @param personalDataKey where the HMAC key for raw personal identifiers is; {@code null} when
     *     they arrive hashed
     */
    public record InputSettings(
            Duration maxOutOfOrderness,
            Duration idleTimeout,
            Duration maxFutureSkew,
            byte[] modelPublicKey,
            PersonalDataKey personalDataKey)
            implements java.io.Serializable {
        public static InputSettings defaults() {
            return new InputSettings(
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30),
                    Duration.ofHours(1),
                    null,
                    null);
        }
    }

    public static KafkaInputs create(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            Topics topics,
            InputSettings settings) {
        var transactions =
                source(
                        env,
                        kafka,
                        settings,
                        TransactionEvent.class,
                        topics.transactions(),
                        "transactions");
        var devices = source(env, kafka, settings, DeviceEvent.class, topics.devices(), "devices");
        var applications =
                source(
                        env,
                        kafka,
                        settings,
                        ApplicationEvent.class,
                        topics.applications(),
                        "applications");
        var feedback =
                source(env, kafka, settings, FeedbackEvent.class, topics.feedback(), "feedback");
        DataStream<DeadLetter> deadLetters =
                transactions
                        .getSideOutput(StateDescriptors.DEAD_LETTERS)
                        .union(
                                devices.getSideOutput(StateDescriptors.DEAD_LETTERS),
                                applications.getSideOutput(StateDescriptors.DEAD_LETTERS),
                                feedback.getSideOutput(StateDescriptors.DEAD_LETTERS));
        return new KafkaInputs(
                new FraudInputs(
                        transactions,
                        devices,
                        applications,
                        feedback,
                        models(env, kafka, topics, settings)),
                deadLetters);
    }

    /**
     * The control topic's scoring models, JSON text, read from its start on every (re)start so the
     * latest valid model is in force (a restore also has it in broadcast state). It carries no
     * event time: it is idle, never holding the pipeline's watermark back.
     */
    private static DataStream<String> models(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            Topics topics,
            InputSettings settings) {
        KafkaSource<String> source =
                KafkaSource.<String>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setProperties(kafka.properties())
                        .setTopics(topics.models())
                        .setGroupId(kafka.groupId() + "-models")
                        .setClientIdPrefix(kafka.groupId() + "-models")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setProperty("isolation.level", "read_committed")
                        .setDeserializer(new ModelTextDeserializer(settings.modelPublicKey()))
                        .build();
        return env.fromSource(
                        source,
                        WatermarkStrategy.<String>noWatermarks()
                                .withIdleness(Duration.ofSeconds(1)),
                        "Kafka models")
                .uid("source-models");
    }

    private static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> source(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            InputSettings settings,
            Class<T> type,
            String topic,
            String name) {
        KafkaSource<Either<DeadLetter, T>> source =
                KafkaSource.<Either<DeadLetter, T>>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setProperties(kafka.properties())
                        .setTopics(topic)
                        .setGroupId(kafka.groupId())
                        .setClientIdPrefix(kafka.groupId() + "-" + name)
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(
                                        kafka.startFromEarliest()
                                                ? OffsetResetStrategy.EARLIEST
                                                : OffsetResetStrategy.LATEST))
                        .setProperty("isolation.level", "read_committed")
                        .setDeserializer(
                                new DecodingDeserializer<>(
                                        type, settings.maxFutureSkew(), settings.personalDataKey()))
                        .build();
        WatermarkStrategy<Either<DeadLetter, T>> watermarks =
                WatermarkStrategy.<Either<DeadLetter, T>>forBoundedOutOfOrderness(
                                settings.maxOutOfOrderness())
                        .withTimestampAssigner(new DecodedEventTime<>(type))
                        .withIdleness(settings.idleTimeout());
        return env.fromSource(source, watermarks, "Kafka " + name)
                .uid("source-" + name)
                .process(new SplitDeadLetters<>(), new AvroTypeInfo<>(type))
                .uid("dead-letters-" + name)
                .name("Split dead letters (" + name + ")");
    }
}
