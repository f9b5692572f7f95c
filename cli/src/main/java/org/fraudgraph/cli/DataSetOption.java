package org.fraudgraph.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.replay.EventFiles;
import picocli.CommandLine.Option;

/** The {@code --data DIR} of the commands that read a data set, checked before anything starts. */
public final class DataSetOption {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            required = true,
            description = "Data set folder (from 'fraudgraph generate' or replay-data/sample).")
    Path data;

    /**
     * The data set folder, after opening every file's header: a missing or foreign file is a usage
     * problem here, before anything starts.
     */
    public Path checked() {
        try (EventFiles.Merged check = EventFiles.readMerged(data)) {
            return data;
        } catch (IOException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
    }
}
