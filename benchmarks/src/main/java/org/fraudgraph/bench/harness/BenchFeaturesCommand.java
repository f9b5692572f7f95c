package org.fraudgraph.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.fraudgraph.cli.DataSetOption;
import org.fraudgraph.cli.Folders;
import org.fraudgraph.cli.LocalFlink;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.job.FlinkSettings;
import org.fraudgraph.job.FraudPipeline;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.fn.NodeReadCounts;
import org.fraudgraph.job.io.FraudOutputs;
import org.fraudgraph.job.io.ReplayInputs;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark of the feature pipeline: a data set's events through the full job
 * (account stage, edge fan-out, node stage, feature join, scoring) on a local Flink cluster with
 * RocksDB and checkpoints on, scores to a discarding sink.
 */
@Command(
        name = "bench-features",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a data set's events through the full feature pipeline as fast as it can: events per second and state per entity.",
            "The events come from 'fraudgraph generate'. RocksDB state, incremental checkpoints, live mode (no replay"
                    + " ordering), scores discarded; the state is measured per active entity (account or node).",
            "Last line: events_per_s=... state_bytes_per_entity=... entities=...; events_per_s is the rate between the"
                    + " moments 10 %% and 90 %% of the scores were out (as in 'bench'), leaving out the start-up and the"
                    + " end of the input, after one warm-up pass of the data (--warm-up)."
        })
final class BenchFeaturesCommand implements Callable<Integer> {
    /** The rate is taken between these shares of the scores, as {@code bench} does. */
    private static final double WINDOW_FROM = 0.10;

    private static final double WINDOW_TO = 0.90;

    @Mixin DataSetOption dataSet;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--warm-up",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Passes of the whole data set through the pipeline before the measured one, each on a fresh"
                            + " local cluster in the same JVM, results discarded (default: ${DEFAULT-VALUE}). The JIT"
                            + " compiler works on the job's code for about a minute after start (half a core of"
                            + " this machine's two); a live job runs for days, so its steady rate is the warmed one.")
    int warmUp;

    @Mixin BenchClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        LocalFlink.requireParallelism(parallelism);
        if (warmUp < 0) {
            throw new Cli.UsageProblem("--warm-up must be 0 or more");
        }
        cluster.check();
        Path data = dataSet.checked();
        long events = ReplayInputs.count(data).events();
        Path work =
                Files.createTempDirectory(
                        Path.of(System.getProperty("java.io.tmpdir")), "fg-bench");
        try {
            System.out.printf(
                    "bench-features: %,d events from %s, parallelism %d, RocksDB, checkpoints every %s,"
                            + " %d warm-up pass%s%n",
                    events,
                    data,
                    parallelism,
                    cluster.checkpointInterval.toString().substring(2).toLowerCase(Locale.ROOT),
                    warmUp,
                    warmUp == 1 ? "" : "es");
            for (int pass = 1; pass <= warmUp; pass++) {
                JobExecutionResult warm = run(data, work.resolve("warm-up-" + pass));
                System.out.printf(
                        "bench-features: warm-up %d of %d: %,d events in %.1f s, not measured (the JIT"
                                + " compiler compiles the hot code meanwhile)%n",
                        pass, warmUp, events, warm.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0);
            }
            JobExecutionResult result = run(data, work.resolve("measured"));
            double seconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
            Map<String, Object> acc = result.getAllAccumulatorResults();
            long accountKeys = number(acc, "account.stateKeys");
            long accountBytes = number(acc, "account.stateBytes");
            long nodeKeys = number(acc, "node.stateKeys");
            long nodeBytes = number(acc, "node.stateBytes");
            long entities = accountKeys + nodeKeys;
            double perEntity = entities == 0 ? 0 : (accountBytes + nodeBytes) / (double) entities;
            long requests = number(acc, "edgeRequests");
            System.out.printf(
                    "bench-features: %,d edge requests to nodes (%.1f per event), %,d of them two-hop"
                            + " queries%n",
                    requests, requests / (double) events, number(acc, "twoHopQueries"));
            long links = number(acc, "ringLinks");
            System.out.printf(
                    "bench-features: %,d links to the ring stage (%.1f %% of events)%n",
                    links, 100.0 * links / events);
            for (String stage : new String[] {"account", "node"}) {
                long hits = number(acc, stage + ".cacheHits");
                long reads = hits + number(acc, stage + ".cacheMisses");
                System.out.printf(
                        "bench-features: %s state cache: %,d of %,d reads served (%.0f %%), %,d"
                                + " values written to RocksDB%n",
                        stage,
                        hits,
                        reads,
                        reads == 0 ? 0.0 : 100.0 * hits / reads,
                        number(acc, stage + ".cacheWrites"));
            }
            printNodeReads(acc, events);
            System.out.printf(
                    "bench-features: %,d events in %.1f s in the job; state at the end: %,d accounts"
                            + " (%,.0f bytes each), %,d nodes (%,.0f bytes each)%n",
                    events,
                    seconds,
                    accountKeys,
                    accountKeys == 0 ? 0.0 : accountBytes / (double) accountKeys,
                    nodeKeys,
                    nodeKeys == 0 ? 0.0 : nodeBytes / (double) nodeKeys);
            @SuppressWarnings("unchecked")
            List<Long> marks = (List<Long>) acc.getOrDefault(ScoreMarks.ACCUMULATOR, List.of());
            double sustained = ScoreMarks.rate(marks, WINDOW_FROM, WINDOW_TO);
            if (Double.isNaN(sustained)) {
                throw new Cli.UsageProblem(
                        "too few events to measure a rate (" + events + "); use a larger data set");
            }
            System.out.printf(
                    "bench-features: %,.0f events/s between the 10 %% and 90 %% marks of the scores; %,.0f over"
                            + " the whole run (start-up and the end of the input included)%n",
                    sustained, events / seconds);
            System.out.printf(
                    "events_per_s=%.0f state_bytes_per_entity=%.0f entities=%d%n",
                    sustained, perEntity, entities);
            return 0;
        } finally {
            Folders.deleteRecursively(work);
        }
    }

    /**
     * One run of the whole data set on a fresh local cluster, with fresh state under {@code work}.
     */
    private JobExecutionResult run(Path data, Path work) throws Exception {
        Files.createDirectories(work);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration(work));
        FraudOutputs out =
                FraudPipeline.build(
                        ReplayInputs.create(env, data),
                        PipelineConfig.defaults().withStateCache(cluster.stateCache.limits()));
        out.scores()
                .process(new ScoreMarks<>(), Types.VOID)
                .name("Count and discard")
                .sinkTo(new DiscardingSink<>())
                .name("Discard");
        return env.execute("fraudgraph bench-features");
    }

    /** The node state decoded per event, in all and by node kind, largest first. */
    private static void printNodeReads(Map<String, Object> acc, long events) {
        long total = 0;
        List<NodeKind> kinds = new ArrayList<>(List.of(NodeKind.values()));
        for (NodeKind kind : kinds) {
            total += number(acc, NodeReadCounts.bytesName(kind));
        }
        kinds.sort(
                Comparator.comparingLong((NodeKind k) -> number(acc, NodeReadCounts.bytesName(k)))
                        .reversed());
        StringJoiner parts = new StringJoiner(", ");
        for (NodeKind kind : kinds) {
            long reads = number(acc, NodeReadCounts.readsName(kind));
            if (reads > 0) {
                parts.add(
                        String.format(
                                "%s %,.0f (%.2f reads of %,.0f)",
                                kind.name().toLowerCase(Locale.ROOT),
                                number(acc, NodeReadCounts.bytesName(kind)) / (double) events,
                                reads / (double) events,
                                number(acc, NodeReadCounts.bytesName(kind)) / (double) reads));
            }
        }
        System.out.printf(
                "bench-features: node state decoded per event: %,.0f bytes; by kind, bytes per event"
                        + " (reads per event of bytes each): %s%n",
                total / (double) events, parts);
    }

    private static long number(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private Configuration configuration(Path work) {
        Configuration conf =
                FlinkSettings.of(
                        cluster.checkpointInterval,
                        work.resolve("checkpoints").toUri().toString(),
                        parallelism,
                        null);
        // The discarding sink and the replay source are this command's own; nothing restores.
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, true);
        conf.set(CoreOptions.TMP_DIRS, work.toString());
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, work.toString());
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(
                TaskManagerOptions.MANAGED_MEMORY_SIZE,
                MemorySize.ofMebiBytes(cluster.managedMemoryMb));
        conf.addAll(Configuration.fromMap(cluster.flink));
        return conf;
    }
}
