package org.fraudgraph.job.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.fraudgraph.job.FlinkSettings;
import org.fraudgraph.job.FraudGraphJob;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.JobOptions;
import picocli.CommandLine;

/** Shared set-up of the integration tests: MiniCluster configuration and the job's flags. */
public final class JobTesting {
    private JobTesting() {}

    /**
     * MiniCluster settings: a short temp path for RocksDB, enough managed memory for two RocksDB
     * instances.
     */
    public static Configuration miniClusterConfiguration() {
        Configuration conf = new Configuration();
        try {
            String shortDir = Files.createTempDirectory(Path.of("/tmp"), "fg").toString();
            conf.set(CoreOptions.TMP_DIRS, shortDir);
            // The MiniCluster extension puts its temp dirs deep under JUnit's; RocksDB wants short
            // paths.
            conf.set(RocksDBOptions.LOCAL_DIRECTORIES, shortDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        return conf;
    }

    /** The shared MiniCluster of a test class: one TaskManager with two slots. */
    public static MiniClusterExtension miniCluster(Configuration extra) {
        Configuration conf = miniClusterConfiguration();
        conf.addAll(extra);
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .setConfiguration(conf)
                        .build());
    }

    /** Topics named after the test, so tests in one broker never see each other's records. */
    public static Topics topics(String prefix) {
        return new Topics(
                prefix + ".transactions",
                prefix + ".devices",
                prefix + ".applications",
                prefix + ".feedback",
                prefix + ".models",
                prefix + ".scores",
                prefix + ".cases",
                prefix + ".dead-letters");
    }

    /** The job's options parsed from real flags, as {@code fraudgraph run} would. */
    public static JobOptions options(
            String bootstrapServers, Topics topics, Path checkpoints, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers", bootstrapServers,
                                "--transactions-topic", topics.transactions(),
                                "--devices-topic", topics.devices(),
                                "--applications-topic", topics.applications(),
                                "--feedback-topic", topics.feedback(),
                                "--models-topic", topics.models(),
                                "--scores-topic", topics.scores(),
                                "--cases-topic", topics.cases(),
                                "--dead-letter-topic", topics.deadLetters(),
                                "--group-id", topics.transactions() + "-group",
                                "--transactional-id-prefix", topics.transactions(),
                                "--checkpoint-interval", "500ms",
                                "--checkpoint-dir", checkpoints.toUri().toString(),
                                "--idle-timeout", "1s",
                                "--parallelism", "2"));
        args.addAll(List.of(extra));
        JobOptions options =
                CommandLine.populateCommand(new JobOptions(), args.toArray(String[]::new));
        String problem = options.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return options;
    }

    /** The job of {@code options} on the test's MiniCluster, started without waiting for it. */
    public static JobClient start(JobOptions options, String name) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(options, null));
        FraudGraphJob.wire(env, options);
        return env.executeAsync(name);
    }
}
