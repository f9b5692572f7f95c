package org.fraudgraph.bench.harness;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.DurationConverter;
import org.fraudgraph.job.options.StateCacheOptions;
import picocli.CommandLine.Mixin;
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

    @Mixin StateCacheOptions stateCache = new StateCacheOptions();

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
        String cacheProblem = stateCache.problem();
        if (cacheProblem != null) {
            throw new Cli.UsageProblem(cacheProblem);
        }
        if (checkpointInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new Cli.UsageProblem("--checkpoint-interval must be at least 100ms");
        }
    }
}
