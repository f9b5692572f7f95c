package org.fraudgraph.job.io;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.fraudgraph.replay.EventFiles;

/**
 * Hands out the events of a data set in event-time order, the {@code n}-th event for index {@code
 * n}. Run with one reader: indices then arrive in order; after a restore it reopens the files and
 * skips to the index asked for.
 */
final class MergedFileReader implements GeneratorFunction<Long, ReplayRecord> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private transient EventFiles.Merged events;
    private transient long next;

    MergedFileReader(Path dir) {
        this.dir = dir.toAbsolutePath().toString();
    }

    @Override
    public void open(SourceReaderContext context) throws IOException {
        reopen();
    }

    private void reopen() throws IOException {
        close();
        events = EventFiles.readMerged(Path.of(dir));
        next = 0;
    }

    @Override
    public ReplayRecord map(Long index) throws IOException {
        if (index < next) {
            reopen();
        }
        while (next < index) {
            events.next();
            next++;
        }
        next++;
        return ReplayRecord.of(events.next());
    }

    @Override
    public void close() throws IOException {
        if (events != null) {
            events.close();
            events = null;
        }
    }
}
