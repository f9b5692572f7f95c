package org.fraudgraph.replay;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes records to an Avro container file in sorted order, whatever order they are added in, with
 * bounded memory: runs of {@code runSize} records are sorted and spilled to temporary files, then
 * merged (an external merge sort).
 *
 * <pre>{@code
 * try (SortedAvroFile<FraudScore> sorted = new SortedAvroFile<>(FraudScore.class, order, tmp, 200_000)) {
 *     scores.forEach(sorted::add);
 *     sorted.finish(out.resolve("scores.avro"), evaluation::add);
 * }
 * }</pre>
 */
public final class SortedAvroFile<T extends SpecificRecordBase> implements Closeable {
    private final Class<T> type;
    private final Comparator<T> order;
    private final Path tmp;
    private final int runSize;
    private final List<T> run = new ArrayList<>();
    private final List<Path> spilled = new ArrayList<>();
    private long added;

    public SortedAvroFile(Class<T> type, Comparator<T> order, Path tmp, int runSize) {
        if (runSize < 1) {
            throw new IllegalArgumentException("run size must be positive");
        }
        this.type = type;
        this.order = order;
        this.tmp = tmp;
        this.runSize = runSize;
    }

    public void add(T record) throws IOException {
        run.add(record);
        added++;
        if (run.size() >= runSize) {
            spill();
        }
    }

    public long size() {
        return added;
    }

    private void spill() throws IOException {
        run.sort(order);
        Path file = tmp.resolve("run-" + spilled.size() + ".avro");
        EventFiles.writeAll(file, type, run);
        spilled.add(file);
        run.clear();
    }

    /** Writes every record in order to {@code out}, handing each to {@code inOrder} as it goes. */
    public void finish(Path out, Consumer<T> inOrder) throws IOException {
        if (spilled.isEmpty()) {
            run.sort(order);
            run.forEach(inOrder);
            EventFiles.writeAll(out, type, run);
            return;
        }
        spill();
        List<DataFileReader<T>> readers = new ArrayList<>();
        try {
            record Head<R>(R record, int reader) {}
            PriorityQueue<Head<T>> heads =
                    new PriorityQueue<>(
                            (a, b) -> {
                                int c = order.compare(a.record(), b.record());
                                return c != 0 ? c : Integer.compare(a.reader(), b.reader());
                            });
            for (int i = 0; i < spilled.size(); i++) {
                DataFileReader<T> reader =
                        new DataFileReader<>(
                                spilled.get(i).toFile(), new SpecificDatumReader<>(type));
                readers.add(reader);
                if (reader.hasNext()) {
                    heads.add(new Head<>(reader.next(), i));
                }
            }
            EventFiles.writeAll(
                    out,
                    type,
                    () ->
                            new java.util.Iterator<T>() {
                                @Override
                                public boolean hasNext() {
                                    return !heads.isEmpty();
                                }

                                @Override
                                public T next() {
                                    Head<T> head = heads.poll();
                                    DataFileReader<T> reader = readers.get(head.reader());
                                    if (reader.hasNext()) {
                                        heads.add(new Head<>(reader.next(), head.reader()));
                                    }
                                    inOrder.accept(head.record());
                                    return head.record();
                                }
                            });
        } finally {
            for (DataFileReader<T> r : readers) {
                r.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Path p : spilled) {
            Files.deleteIfExists(p);
        }
    }
}
