package org.fraudgraph.job.io;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.fraudgraph.replay.EventFiles;

/**
 * Hands out the events of a data set in event-time order, the {@code n}-th event for index {@code
 * n}, from a first instant on (the events before it are not handed out at all). Run with one
 * reader: indices then arrive in order; after a restore it reopens the files and skips to the index
 * asked for.
 */
final class MergedFileReader implements GeneratorFunction<Long, ReplayRecord> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final long fromMillis;
    private transient EventFiles.Merged events;
    private transient org.apache.avro.specific.SpecificRecordBase first;
    private transient long next;

    MergedFileReader(Path dir) {
        this(dir, Long.MIN_VALUE);
    }

    /** The events from {@code fromMillis} (event time) on. */
    MergedFileReader(Path dir, long fromMillis) {
        this.dir = dir.toAbsolutePath().toString();
        this.fromMillis = fromMillis;
    }

    @Override
    public void open(SourceReaderContext context) throws IOException {
        reopen();
    }

    private void reopen() throws IOException {
        close();
        events = EventFiles.readMerged(Path.of(dir));
        next = 0;
        first = null;
        while (fromMillis != Long.MIN_VALUE && events.hasNext()) {
            var e = events.next();
            if (EventFiles.eventMillis(e) >= fromMillis) {
                first = e;
                break;
            }
        }
    }

    private org.apache.avro.specific.SpecificRecordBase nextEvent() {
        if (first != null) {
            var e = first;
            first = null;
            return e;
        }
        return events.next();
    }

    @Override
    public ReplayRecord map(Long index) throws IOException {
        if (index < next) {
            reopen();
        }
        while (next < index) {
            nextEvent();
            next++;
        }
        next++;
        return ReplayRecord.of(nextEvent());
    }

    @Override
    public void close() throws IOException {
        if (events != null) {
            events.close();
            events = null;
        }
    }
}
