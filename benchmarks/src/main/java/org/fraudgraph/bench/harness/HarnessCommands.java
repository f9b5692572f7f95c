package org.fraudgraph.bench.harness;

import java.util.List;
import org.fraudgraph.cli.MoreCommands;

/** The harness's commands, added to {@code fraudgraph} when this module is on the class path. */
public final class HarnessCommands implements MoreCommands {
    @Override
    public List<Object> commands() {
        return List.of(new BenchBurstCommand(), new BenchFeaturesCommand(), new BenchCommand());
    }
}
