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
        if (stateCacheMb < 0 || stateCacheMb > JobOptions.MAX_STATE_CACHE_MB) {
            throw new Cli.UsageProblem(
                    "--state-cache must be between 0 and "
                            + JobOptions.MAX_STATE_CACHE_MB
                            + " (MiB)");
        }
        if (checkpointInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new Cli.UsageProblem("--checkpoint-interval must be at least 100ms");
        }
    }
}
