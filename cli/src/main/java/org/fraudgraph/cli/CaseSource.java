package org.fraudgraph.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.fraudgraph.job.io.CommittedTopics;
import org.fraudgraph.job.io.KafkaSettings;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;

/**
 * Every case version in a case file (the {@code cases.avro} of a replay) or on the case topic
 * ({@code read_committed}, from the beginning to the end it has now).
 */
final class CaseSource {
    private CaseSource() {}

    static List<RingCase> fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Cli.UsageProblem(
                    "cannot read the case file "
                            + file
                            + ": "
                            + (Files.exists(file) ? "not a file" : "no such file"));
        }
        List<RingCase> out = new ArrayList<>();
        try (DataFileReader<RingCase> r =
                new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(RingCase.class))) {
            for (RingCase c : r) {
                out.add(c);
            }
        } catch (IOException | RuntimeException e) {
            throw new Cli.UsageProblem(
                    file
                            + " is not a readable case file (an Avro file of RingCase, as replay"
                            + " writes): "
                            + oneLine(e));
        }
        return out;
    }

    static List<RingCase> fromKafka(
            KafkaSettings kafka, String topic, java.io.PrintWriter warnings) {
        AvroCodec<RingCase> codec = AvroCodec.of(RingCase.class);
        List<RingCase> out = new ArrayList<>();
        try {
            CommittedTopics.readToEnd(
                    kafka,
                    List.of(topic),
                    Duration.ofSeconds(120),
                    r -> {
                        try {
                            out.add(codec.decode(r.value()));
                        } catch (DecodeException e) {
                            warnings.printf(
                                    "fraudgraph: skipped unreadable record %s-%d@%d: %s%n",
                                    r.topic(), r.partition(), r.offset(), e.getMessage());
                            warnings.flush();
                        }
                    });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Cli.UsageProblem(
                    "gave up reading "
                            + topic
                            + " after 120 s ("
                            + out.size()
                            + " case versions read)");
        }
        return out;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
