package org.fraudgraph.job.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.replay.Manifest;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * The file end of the inputs, for replay: the four Avro files of a data set read as one stream in
 * event-time order (one reader), with exact watermarks, split back into the four typed streams.
 */
public final class ReplayInputs {
    static final OutputTag<DeviceEvent> DEVICES =
            new OutputTag<>("replay-devices", new AvroTypeInfo<>(DeviceEvent.class));
    static final OutputTag<ApplicationEvent> APPLICATIONS =
            new OutputTag<>("replay-applications", new AvroTypeInfo<>(ApplicationEvent.class));
    static final OutputTag<FeedbackEvent> FEEDBACK =
            new OutputTag<>("replay-feedback", new AvroTypeInfo<>(FeedbackEvent.class));

    private ReplayInputs() {}

    /** Events in a data set, and how many of them get a score (all but feedback). */
    /**
     * @param duplicates events whose event id the same account used before in the data set (sent
     *     twice): the job scores each event once
     */
    public record Counts(long events, long feedback, long duplicates) {
        public Counts(long events, long feedback) {
            this(events, feedback, 0);
        }

        /** Events that get a score: all but verdicts (feedback) and repeats. */
        public long scorable() {
            return events - feedback - duplicates;
        }
    }

    /**
     * Reads the whole data set once: refuses a file that is not in event-time order (an {@link
     * IOException} naming it) and counts the events, the verdicts and the events sent twice (same
     * event id and account, by a 64-bit hash of the two).
     */
    public static Counts check(Path dataDir) throws IOException {
        return check(dataDir, Long.MIN_VALUE);
    }

    /** As {@link #check(Path)}, counting only the events from {@code fromMillis} on. */
    public static Counts check(Path dataDir, long fromMillis) throws IOException {
        long events = 0;
        long feedback = 0;
        long duplicates = 0;
        org.fraudgraph.util.LongSet seen = new org.fraudgraph.util.LongSet();
        try (EventFiles.Merged merged = EventFiles.readMerged(dataDir)) {
            while (merged.hasNext()) {
                org.apache.avro.specific.SpecificRecordBase event;
                try {
                    event = merged.next();
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
                if (EventFiles.eventMillis(event) < fromMillis) {
                    continue;
                }
                events++;
                if (event instanceof FeedbackEvent) {
                    feedback++;
                    continue;
                }
                Object account = event.get(event.getSchema().getField("accountId").pos());
                long key =
                        org.fraudgraph.graph.Keys.hash64(
                                EventFiles.eventId(event) + '\n' + account);
                if (!seen.add(key)) {
                    duplicates++;
                }
            }
        }
        return new Counts(events, feedback, duplicates);
    }

    public static FraudInputs create(StreamExecutionEnvironment env, Path dataDir)
            throws IOException {
        return create(env, dataDir, Long.MIN_VALUE, count(dataDir).events());
    }

    /**
     * The data set's {@code count} events from {@code fromMillis} (event time) on, e.g. its period
     * without the history before it ({@link #check(Path, long)} counts them).
     */
    public static FraudInputs create(
            StreamExecutionEnvironment env, Path dataDir, long fromMillis, long count) {
        DataGeneratorSource<ReplayRecord> source =
                new DataGeneratorSource<>(
                        new MergedFileReader(dataDir, fromMillis),
                        count,
                        TypeInformation.of(ReplayRecord.class));
        SingleOutputStreamOperator<TransactionEvent> transactions =
                env.fromSource(
                                source,
                                WatermarkStrategy.<ReplayRecord>forMonotonousTimestamps()
                                        .withTimestampAssigner((r, previous) -> r.eventMillis),
                                "Replay files")
                        .uid("replay-source")
                        .setParallelism(1)
                        .process(new SplitByKind(), new AvroTypeInfo<>(TransactionEvent.class))
                        .uid("replay-split")
                        .name("Split by event kind")
                        .setParallelism(1);
        return new FraudInputs(
                transactions,
                transactions.getSideOutput(DEVICES),
                transactions.getSideOutput(APPLICATIONS),
                transactions.getSideOutput(FEEDBACK));
    }

    /** Counts from the data set's manifest, or by reading it once. */
    public static Counts count(Path dataDir) throws IOException {
        Path manifest = dataDir.resolve(Manifest.FILE);
        if (Files.isRegularFile(manifest)) {
            JsonNode root = new ObjectMapper().readTree(manifest.toFile());
            JsonNode events = root.get("events");
            JsonNode feedback = root.path("files").get(EventFiles.FEEDBACK);
            if (events != null
                    && events.canConvertToLong()
                    && feedback != null
                    && feedback.canConvertToLong()) {
                return new Counts(events.asLong(), feedback.asLong());
            }
        }
        long events = 0;
        long feedback = 0;
        try (EventFiles.Merged merged = EventFiles.readMerged(dataDir)) {
            while (merged.hasNext()) {
                if (merged.next() instanceof FeedbackEvent) {
                    feedback++;
                }
                events++;
            }
        }
        return new Counts(events, feedback);
    }

    private static final class SplitByKind extends ProcessFunction<ReplayRecord, TransactionEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(ReplayRecord r, Context ctx, Collector<TransactionEvent> out) {
            if (r.transaction != null) {
                out.collect(r.transaction);
            } else if (r.device != null) {
                ctx.output(DEVICES, r.device);
            } else if (r.application != null) {
                ctx.output(APPLICATIONS, r.application);
            } else {
                ctx.output(FEEDBACK, r.feedback);
            }
        }
    }
}
