package org.fraudgraph.replay;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * The event files of a data set: one Avro container file per event kind, each sorted by event time,
 * deflate compressed, written with a fixed sync marker so the same events give the same bytes.
 *
 * <pre>{@code
 * try (EventFiles.Merged events = EventFiles.readMerged(dir)) {
 *     while (events.hasNext()) { SpecificRecordBase e = events.next(); ... }
 * }
 * }</pre>
 */
public final class EventFiles {
    public static final String TRANSACTIONS = "transactions.avro";
    public static final String DEVICES = "devices.avro";
    public static final String APPLICATIONS = "applications.avro";
    public static final String FEEDBACK = "feedback.avro";

    /** File name per record class, in the order ties are broken when merging. */
    static final List<Class<? extends SpecificRecordBase>> KINDS =
            List.of(
                    TransactionEvent.class,
                    DeviceEvent.class,
                    ApplicationEvent.class,
                    FeedbackEvent.class);

    private static final List<String> NAMES =
            List.of(TRANSACTIONS, DEVICES, APPLICATIONS, FEEDBACK);

    /** Sync marker of every file: fixed so that output is byte-for-byte reproducible. */
    private static final byte[] SYNC =
            "fraudgraph-sync!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private EventFiles() {}

    public static String fileName(Class<?> kind) {
        int i = KINDS.indexOf(kind);
        if (i < 0) {
            throw new IllegalArgumentException("not an input event: " + kind.getName());
        }
        return NAMES.get(i);
    }

    public static List<String> fileNames() {
        return NAMES;
    }

    /** Event time in epoch millis of any input event. */
    public static long eventMillis(SpecificRecordBase event) {
        return ((java.time.Instant) event.get("eventTime")).toEpochMilli();
    }

    public static String eventId(SpecificRecordBase event) {
        return (String) event.get("eventId");
    }

    /**
     * Writes records to one Avro container file, in the order given, with the fixed sync marker.
     */
    public static <T extends SpecificRecordBase> void writeAll(
            Path file, Class<T> type, Iterable<T> records) throws IOException {
        Schema schema = schemaOf(type);
        try (DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<T>(schema))) {
            writer.setCodec(CodecFactory.deflateCodec(6));
            writer.create(schema, Files.newOutputStream(file), SYNC);
            for (T record : records) {
                writer.append(record);
            }
        }
    }

    /** Reads every record of one Avro container file. */
    public static <T extends SpecificRecordBase> List<T> readAll(Path file, Class<T> type)
            throws IOException {
        List<T> out = new ArrayList<>();
        try (DataFileReader<T> reader =
                new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(schemaOf(type)))) {
            reader.forEach(out::add);
        } catch (AvroRuntimeException e) {
            throw new IOException(file + " is corrupt: " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes the four files; {@link #write} must be called in event-time order per kind. */
    public static final class Writer implements Closeable {
        private final List<DataFileWriter<SpecificRecordBase>> writers = new ArrayList<>();
        private final long[] counts = new long[KINDS.size()];

        public Writer(Path dir) throws IOException {
            Files.createDirectories(dir);
            for (int i = 0; i < KINDS.size(); i++) {
                Schema schema = schemaOf(KINDS.get(i));
                DataFileWriter<SpecificRecordBase> writer =
                        new DataFileWriter<>(new SpecificDatumWriter<>(schema));
                writer.setCodec(CodecFactory.deflateCodec(6));
                OutputStream out = Files.newOutputStream(dir.resolve(NAMES.get(i)));
                writers.add(writer.create(schema, out, SYNC));
            }
        }

        public void write(SpecificRecordBase event) throws IOException {
            int i = KINDS.indexOf(event.getClass());
            writers.get(i).append(event);
            counts[i]++;
        }

        /** Events written per file, in the order of {@link #fileNames()}. */
        public long[] counts() {
            return counts.clone();
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (DataFileWriter<SpecificRecordBase> w : writers) {
                try {
                    w.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * All events of a data set in one stream, ordered by event time, then kind (transactions,
     * devices, applications, feedback), then file order: a k-way merge that holds one event per
     * file. Each file must be in event-time order: one that goes back is refused as it is read (an
     * {@link IOException} naming the file and the event).
     */
    public static Merged readMerged(Path dir) throws IOException {
        return new Merged(dir);
    }

    public static final class Merged implements Iterator<SpecificRecordBase>, Closeable {
        private record Head(SpecificRecordBase event, long millis, int kind) {}

        private final List<DataFileReader<SpecificRecordBase>> readers = new ArrayList<>();
        private final PriorityQueue<Head> heads =
                new PriorityQueue<>(
                        (a, b) ->
                                a.millis != b.millis
                                        ? Long.compare(a.millis, b.millis)
                                        : Integer.compare(a.kind, b.kind));
        private final Path dir;
        private long emitted;

        /** The event time of the last event read from each file: a file must not go back. */
        private final long[] lastMillis = new long[KINDS.size()];

        private Merged(Path dir) throws IOException {
            this.dir = dir;
            if (!Files.isDirectory(dir)) {
                throw new IOException("no data folder " + dir);
            }
            java.util.Arrays.fill(lastMillis, Long.MIN_VALUE);
            try {
                for (int i = 0; i < KINDS.size(); i++) {
                    Path file = dir.resolve(NAMES.get(i));
                    if (!Files.isRegularFile(file)) {
                        throw new IOException(
                                "missing "
                                        + file
                                        + " (a data set has "
                                        + String.join(", ", NAMES)
                                        + ")");
                    }
                    DataFileReader<SpecificRecordBase> reader;
                    try {
                        reader =
                                new DataFileReader<>(
                                        file.toFile(),
                                        new SpecificDatumReader<>(schemaOf(KINDS.get(i))));
                    } catch (IOException | AvroRuntimeException e) {
                        throw new IOException(
                                file
                                        + " is not an Avro container file of "
                                        + KINDS.get(i).getSimpleName()
                                        + ": "
                                        + e.getMessage(),
                                e);
                    }
                    readers.add(reader);
                    advance(i);
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        private void advance(int kind) throws IOException {
            DataFileReader<SpecificRecordBase> reader = readers.get(kind);
            try {
                if (reader.hasNext()) {
                    SpecificRecordBase event = reader.next();
                    long millis = eventMillis(event);
                    if (millis < lastMillis[kind]) {
                        // Replayed in file order, every later event of the data set would be
                        // late: refuse it instead of scoring it wrongly.
                        throw new IOException(
                                dir.resolve(NAMES.get(kind))
                                        + " is not in event-time order: event "
                                        + eventId(event)
                                        + " at "
                                        + java.time.Instant.ofEpochMilli(millis)
                                        + " comes after one at "
                                        + java.time.Instant.ofEpochMilli(lastMillis[kind])
                                        + " (sort each file by event time)");
                    }
                    lastMillis[kind] = millis;
                    heads.add(new Head(event, millis, kind));
                }
            } catch (AvroRuntimeException e) {
                throw new IOException(
                        dir.resolve(NAMES.get(kind))
                                + " is corrupt near event "
                                + emitted
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public SpecificRecordBase next() {
            Head head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            try {
                advance(head.kind);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            emitted++;
            return head.event;
        }

        @Override
        public void close() throws IOException {
            for (DataFileReader<SpecificRecordBase> r : readers) {
                r.close();
            }
        }
    }

    private static Schema schemaOf(Class<? extends SpecificRecordBase> kind) {
        try {
            return (Schema) kind.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
