package org.fraudgraph.job;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.fraudgraph.job.options.JobOptions;
import org.rocksdb.CompressionType;

/**
 * The Flink settings the job needs wherever it runs: RocksDB state with incremental, retained
 * checkpoints, exactly once, no Kryo fallback, and no operator without a uid.
 */
public final class FlinkSettings {
    /**
     * How long a network buffer waits to fill. At Flink's 100 ms the three shuffles of an event
     * made most of its latency (median about 80 ms at half load); at 25 ms the median is about 37
     * ms for about 6 % less throughput, at 10 ms 19 ms for about 13 % less (BENCHMARKS.md). The
     * 99th percentile at half load is the checkpoints' doing and the same at all three.
     */
    public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(25);

    private FlinkSettings() {}

    /**
     * @param checkpointDir where checkpoints go; {@code null} leaves it to the cluster's
     *     configuration
     */
    public static Configuration of(
            Duration checkpointInterval,
            String checkpointDir,
            int parallelism,
            java.nio.file.Path restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // Every edge reads its node before writing it: bloom filters spare the reads of the
        // files that cannot hold the key, and the young levels (read most) stay uncompressed.
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        conf.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                java.util.List.of(
                        CompressionType.NO_COMPRESSION,
                        CompressionType.NO_COMPRESSION,
                        CompressionType.LZ4_COMPRESSION));
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, BUFFER_TIMEOUT);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        }
        // A type that would silently fall back to Kryo fails the job at submission instead.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // An operator without a uid fails the job at submission: its state would not survive an
        // upgrade.
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        // No function keeps or changes a record after passing it on, so chained operators may
        // hand records over without a defensive copy.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        if (parallelism > 0) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toString());
        }
        return conf;
    }

    /**
     * How long a checkpoint may take before it expires: half of what the Kafka transaction timeout
     * leaves after one checkpoint interval. The sinks' transaction opens when checkpoint n reaches
     * them and commits when checkpoint n + 1 completes, at most {@code max(interval, timeout) +
     * timeout} later (one checkpoint at a time, no pause between them). With this timeout that is
     * below the transaction timeout, so a slow checkpoint expires, and the job restarts from the
     * last completed one, before the broker aborts a transaction the job is still writing; the
     * Kafka writer rethrew that abort while closing and took both TaskManager processes down with
     * it (docs/operator.md). With the defaults (10 min, 10 s) it is 4 min 55 s.
     */
    public static Duration checkpointTimeout(Duration transactionTimeout, Duration interval) {
        return transactionTimeout.minus(interval).dividedBy(2);
    }

    public static Configuration of(JobOptions options, String defaultCheckpointDir) {
        String dir = options.checkpointDir != null ? options.checkpointDir : defaultCheckpointDir;
        Configuration conf =
                of(options.checkpointInterval, dir, options.parallelism, options.restoreFrom);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.bufferTimeout);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_TIMEOUT,
                checkpointTimeout(options.transactionTimeout, options.checkpointInterval));
        // A checkpoint that expires fails the job, which restarts from the last one completed
        // (Flink's default too; stated so the bound above does not rest on a default).
        // CheckpointExpiryITCase runs a checkpoint that hangs on these settings.
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 0);
        return conf;
    }
}
