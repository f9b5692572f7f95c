package org.fraudgraph.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.fraudgraph.job.FlinkSettings;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.JobOptions;

/**
 * A Flink MiniCluster in this JVM with the web UI on 127.0.0.1, for {@code run} and {@code demo}.
 */
public final class LocalFlink {
    /**
     * The most parallel subtasks a MiniCluster in this JVM is allowed: every subtask of every keyed
     * stage opens its own RocksDB instance and threads here, and past a few per core they only wait
     * for a core ({@code demo --parallelism 1000} once seemed to hang instead of saying so).
     */
    public static int maxParallelism() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /** Refuses a parallelism this machine cannot run in one JVM, before anything starts. */
    public static void requireParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > maxParallelism()) {
            throw new Cli.UsageProblem(
                    "--parallelism must be between 1 and "
                            + maxParallelism()
                            + " (four per core of this machine) for a Flink cluster in this process");
        }
    }

    /** Refuses a port number that cannot be one (0 means any free port). */
    public static void requirePort(int port, String flag) {
        if (port < 0 || port > 65_535) {
            throw new Cli.UsageProblem(
                    flag + " must be a port between 1 and 65535 (0: any free port)");
        }
    }

    private LocalFlink() {}

    public static StreamExecutionEnvironment environment(
            JobOptions options, int webUiPort, Path workDir) {
        return environment(
                options, webUiPort, workDir, MemorySize.ofMebiBytes(256), java.util.Map.of());
    }

    /**
     * The same with {@code managedMemory} for RocksDB (block cache and write buffers) and {@code
     * extra} Flink settings on top (benchmark experiments).
     */
    public static StreamExecutionEnvironment environment(
            JobOptions options,
            int webUiPort,
            Path workDir,
            MemorySize managedMemory,
            java.util.Map<String, String> extra) {
        Configuration conf =
                FlinkSettings.of(options, workDir.resolve("checkpoints").toUri().toString());
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, webUiPort);
        String tmp = workDir.resolve("tmp").toString();
        conf.set(CoreOptions.TMP_DIRS, tmp);
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, tmp);
        int parallelism = options.parallelism > 0 ? options.parallelism : 2;
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managedMemory);
        conf.addAll(Configuration.fromMap(extra));
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /** {@code preferred} if it is free on 127.0.0.1, else any free port. */
    public static int freePort(int preferred) {
        try (ServerSocket socket =
                new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException busy) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port on 127.0.0.1", e);
            }
        }
    }
}
