package org.fraudgraph.job.options;

import java.time.Duration;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.state.CachedValueState;
import picocli.CommandLine.Option;

/**
 * The state cache's flags ({@link CachedValueState}), shared by the job and the benchmark commands.
 *
 * <pre>{@code
 * @Mixin StateCacheOptions stateCache;
 * config = config.withStateCache(stateCache.limits());
 * }</pre>
 */
public final class StateCacheOptions {
    /** Above this a cache would crowd a TaskManager's heap; RocksDB's block cache is the place. */
    public static final int MAX_MEGABYTES = 4096;

    @Option(
            names = "--state-cache",
            paramLabel = "MB",
            defaultValue = "" + PipelineConfig.STATE_CACHE_MEGABYTES,
            description =
                    "Heap, in MiB, for the cache in front of RocksDB in each subtask of the account and of the node stage;"
                            + " it holds the bytes of recently used accounts and nodes and changes no result; 0 turns it off"
                            + " (default: ${DEFAULT-VALUE}).")
    public int megabytes = PipelineConfig.STATE_CACHE_MEGABYTES;

    @Option(
            names = "--state-cache-delay",
            paramLabel = "DURATION",
            defaultValue = PipelineConfig.STATE_CACHE_WRITE_DELAY_MILLIS + "ms",
            converter = DurationConverter.class,
            description =
                    "How long a changed account or node rests in the state cache before it is written to RocksDB: longer writes"
                            + " a busy key less often, shorter leaves less to write when a checkpoint barrier passes, while the"
                            + " stream waits (default: ${DEFAULT-VALUE}).")
    public Duration writeDelay = Duration.ofMillis(PipelineConfig.STATE_CACHE_WRITE_DELAY_MILLIS);

    /** The cache these flags ask for: off at 0 MiB. */
    public CachedValueState.Limits limits() {
        return megabytes == 0
                ? CachedValueState.Limits.off()
                : CachedValueState.Limits.of(megabytes, writeDelay);
    }

    /** What is wrong with these flags, in one line, or {@code null}. */
    public String problem() {
        if (megabytes < 0 || megabytes > MAX_MEGABYTES) {
            return "--state-cache must be between 0 and " + MAX_MEGABYTES + " (MiB)";
        }
        if (writeDelay.toMillis() < 1 || writeDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            return "--state-cache-delay must be between 1ms and 1min";
        }
        return null;
    }
}
