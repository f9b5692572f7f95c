package org.fraudgraph.job.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraudgraph.job.JobOptions;
import org.fraudgraph.job.PipelineConfig;
import picocli.CommandLine.Option;

/**
 * The local Flink cluster's settings of the benchmark commands ({@code bench}, {@code
 * bench-features}).
 */
final class BenchClusterOptions {
    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Checkpoint interval (default: ${DEFAULT-VALUE}, as in production).")
    Duration checkpointInterval;

    @Option(
            names = "--managed-memory",
            paramLabel = "MB",
            defaultValue = "1024",
            description =
                    "Flink managed memory for RocksDB (block cache and write buffers), in MiB (default: ${DEFAULT-VALUE}).")
    int managedMemoryMb;

    @Option(
            names = "--state-cache",
            paramLabel = "MB",
            defaultValue = "" + PipelineConfig.STATE_CACHE_MEGABYTES,
            description =
                    "The state read cache per subtask of the account and of the node stage, in MiB; 0 turns it off (default: ${DEFAULT-VALUE}, as in production).")
    int stateCacheMb;

    @Option(
            names = "--state-cache-delay",
            paramLabel = "DURATION",
            defaultValue = PipelineConfig.STATE_CACHE_WRITE_DELAY_MILLIS + "ms",
            converter = DurationConverter.class,
            description =
                    "How long a changed account or node rests in the state cache before it is written to RocksDB (default: ${DEFAULT-VALUE}, as in production).")
    Duration stateCacheDelay;

    /** The state cache these options ask for. */
    org.fraudgraph.job.state.CachedValueState.Limits stateCache() {
        return JobOptions.stateCache(stateCacheMb, stateCacheDelay);
    }

    @Option(
            names = "--flink",
            paramLabel = "KEY=VALUE",
            description =
                    "A Flink configuration entry for every job of this run, repeatable, e.g. --flink execution.buffer-timeout.interval=10ms (for tuning experiments).")
    Map<String, String> flink = new LinkedHashMap<>();

    /** Refuses settings no run can use, before anything starts. */
    void check() {
        if (managedMemoryMb < 64) {
            throw new Cli.UsageProblem("--managed-memory must be at least 64 (MiB)");
        }
        String cacheProblem = JobOptions.stateCacheProblem(stateCacheMb, stateCacheDelay);
        if (cacheProblem != null) {
            throw new Cli.UsageProblem(cacheProblem);
        }
        if (checkpointInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new Cli.UsageProblem("--checkpoint-interval must be at least 100ms");
        }
    }
}
