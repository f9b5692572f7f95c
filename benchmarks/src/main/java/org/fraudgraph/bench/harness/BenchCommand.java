package org.fraudgraph.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.fraudgraph.cli.Folders;
import org.fraudgraph.cli.LocalFlink;
import org.fraudgraph.job.FraudGraphJob;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ReplayInputs;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.kafka.EmbeddedKafka;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.replay.GeneratorConfig;
import org.fraudgraph.replay.TrafficGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark: a data set in a Kafka broker in this process, then the pass-through job
 * (the machine's ceiling), the full job at parallelism P and 1, and the full job at 50 % and 80 %
 * of its measured maximum for the latency figures; every job on a Flink MiniCluster with RocksDB,
 * checkpoints and exactly-once Kafka sinks, as in production.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the whole job end to end on this machine: rate, latency and state per entity.",
            "A Kafka broker in this process holds the events; the "
                    + "pass-through job (decode, encode, exactly-once sink, no state) gives the ceiling; the full job "
                    + "(features, scoring, rings, RocksDB, checkpoints, exactly-once sinks) runs at parallelism P and 1; "
                    + "then at 50 %% and 80 %% of its maximum for the latency from ingestion (broker time of the event) to "
                    + "score (broker time of the score, before its transaction commits).",
            "Last line: events_per_s=... passthrough_events_per_s=... ratio=... p99_ms=... state_bytes_per_entity=..."
        })
final class BenchCommand implements Callable<Integer> {
    /** Events per account in a week of synthetic traffic (908,442 for 50,000 accounts). */
    private static final double EVENTS_PER_ACCOUNT_WEEK = 18.0;

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "500000",
            description =
                    "Events to load (default: ${DEFAULT-VALUE}); synthetic, a week of traffic from about N/18 accounts, "
                            + "unless --data is given.")
    long events;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "A data set from 'fraudgraph generate' instead of synthetic traffic; its first --events events.")
    Path data;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "777",
            description = "Seed of the synthetic traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--parallelism",
            paramLabel = "P",
            defaultValue = "2",
            description = "Parallelism of the jobs (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--no-parallelism-1",
            description = "Skip the full job at parallelism 1 (the scaling ratio).")
    boolean skipParallelismOne;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "30",
            description =
                    "Length of each latency run; it starts after a warm-up of a third of it, once the job has caught up (less"
                            + " than half a second of events unscored); 0 skips them (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--latency-rate",
            paramLabel = "N",
            description =
                    "One latency run fed N events/s instead of two at 50 and 80 percent of the measured maximum, so that"
                            + " settings compare at one rate; the last line's p99_ms is then at N.")
    Integer latencyRate;

    @Option(
            names = "--soak-minutes",
            paramLabel = "M",
            defaultValue = "0",
            description =
                    "At the end, run the full job for M minutes at half its measured maximum (or --soak-rate) on a week of"
                            + " synthetic traffic of its own (or --data), printing latency and memory each minute (default:"
                            + " ${DEFAULT-VALUE}, no soak).")
    int soakMinutes;

    @Option(
            names = "--soak-rate",
            paramLabel = "N",
            description = "Events per second of the soak instead of half the measured maximum.")
    Integer soakRate;

    @Mixin BenchClusterOptions cluster;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (events < 1000) {
            throw new Cli.UsageProblem("--events must be at least 1000");
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new Cli.UsageProblem("--parallelism must be between 1 and 64");
        }
        if (latencySeconds < 0) {
            throw new Cli.UsageProblem("--latency-seconds must be 0 or more");
        }
        if (soakMinutes < 0 || soakMinutes > 24 * 60) {
            throw new Cli.UsageProblem("--soak-minutes must be between 0 and 1440");
        }
        if (latencyRate != null && latencyRate < 10) {
            throw new Cli.UsageProblem("--latency-rate must be at least 10 (events/s)");
        }
        if (latencyRate != null && latencySeconds == 0) {
            throw new Cli.UsageProblem(
                    "--latency-rate needs latency runs: drop --latency-seconds 0");
        }
        if (soakRate != null && soakRate < 10) {
            throw new Cli.UsageProblem("--soak-rate must be at least 10 (events/s)");
        }
        cluster.check();
        if (data != null) {
            try (EventFiles.Merged check = EventFiles.readMerged(data)) {
                check.hasNext();
            } catch (IOException e) {
                throw new Cli.UsageProblem(e.getMessage());
            }
        }
        Path work = Files.createTempDirectory("fraudgraph-bench");
        try {
            return bench(work);
        } finally {
            Folders.deleteRecursively(work);
        }
    }

    private int bench(Path work) throws Exception {
        Path dataSet = data != null ? data : generate(work.resolve("data"), events, seed);
        long available = ReplayInputs.count(dataSet).events();
        long total = Math.min(events, available);
        out.println("fraudgraph bench: starting a Kafka broker (KRaft, 127.0.0.1) ...");
        String last;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            Topics loaded = topics("load", "passthrough");
            kafka.createTopics(loaded.newTopics(parallelism, (short) 1), BenchProbes.BROKER_TIME);
            long feedback = load(kafka, loaded, dataSet, total);
            long scorable = total - feedback;

            Run pass = throughput(kafka, work, loaded, "passthrough", parallelism, true, total);
            Run full = throughput(kafka, work, loaded, "full", parallelism, false, scorable);
            Run one =
                    parallelism > 1 && !skipParallelismOne
                            ? throughput(kafka, work, loaded, "full", 1, false, scorable)
                            : null;
            LatencyProbe.Result half = null;
            if (latencyRate != null) {
                half = latency(kafka, work, dataSet, "lat" + latencyRate, latencyRate);
            } else if (latencySeconds > 0) {
                half = latency(kafka, work, dataSet, "lat50", 0.5 * full.eventsPerSecond());
                latency(kafka, work, dataSet, "lat80", 0.8 * full.eventsPerSecond());
            }

            if (soakMinutes > 0) {
                soak(
                        kafka,
                        work,
                        dataSet,
                        soakRate != null ? soakRate : 0.5 * full.eventsPerSecond());
            }

            double ratio = full.eventsPerSecond() / pass.eventsPerSecond();
            out.println();
            out.printf(
                    "full job, parallelism %d: %,.0f events/s = %.2f of the pass-through ceiling (%,.0f events/s)%n",
                    parallelism, full.eventsPerSecond(), ratio, pass.eventsPerSecond());
            if (one != null) {
                out.printf(
                        "parallelism %d / parallelism 1: %,.0f / %,.0f events/s = %.2f%n",
                        parallelism,
                        full.eventsPerSecond(),
                        one.eventsPerSecond(),
                        full.eventsPerSecond() / one.eventsPerSecond());
            }
            last =
                    String.format(
                            "events_per_s=%.0f passthrough_events_per_s=%.0f ratio=%.2f p99_ms=%s state_bytes_per_entity=%.0f",
                            full.eventsPerSecond(),
                            pass.eventsPerSecond(),
                            ratio,
                            half == null ? "not-measured" : Long.toString(half.percentile(0.99)),
                            full.probes().stateBytesPerEntity());
        }
        // After the broker has stopped, so that nothing of its shutdown follows the figures.
        out.println(last);
        return 0;
    }

    private Path generate(Path dir, long count, long seed) throws IOException {
        int accounts = (int) Math.max(200, Math.ceil(count / EVENTS_PER_ACCOUNT_WEEK));
        out.printf(
                "fraudgraph bench: generating a week of synthetic traffic from %,d accounts (seed %d) ...%n",
                accounts, seed);
        try {
            new TrafficGenerator(GeneratorConfig.defaults(accounts, 7, seed))
                    .generate(dir, p -> {});
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        return dir;
    }

    /** Loads the first {@code total} events of the data set; returns how many are feedback. */
    private long load(EmbeddedKafka kafka, Topics topics, Path dataSet, long total)
            throws IOException {
        long started = System.nanoTime();
        long feedback = 0;
        try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topics);
                EventFiles.Merged merged = EventFiles.readMerged(dataSet)) {
            for (long i = 0; i < total && merged.hasNext(); i++) {
                SpecificRecordBase event = merged.next();
                if (event instanceof org.fraudgraph.schema.FeedbackEvent) {
                    feedback++;
                }
                producer.send(event);
            }
            producer.flush();
        }
        out.printf(
                "  %,d events (%,d of them fraud verdicts, not scored) loaded into %d partitions per topic in %.1f s%n",
                total, feedback, parallelism, (System.nanoTime() - started) / 1e9);
        return feedback;
    }

    /** One throughput run and what it measured. */
    private record Run(double eventsPerSecond, BenchProbes probes) {}

    /**
     * Runs a job over the loaded events until {@code expected} results are written; the rate is
     * taken between the 10 % and 90 % marks (start-up and the last partial checkpoint left out).
     */
    private Run throughput(
            EmbeddedKafka kafka,
            Path work,
            Topics loaded,
            String kind,
            int p,
            boolean passThrough,
            long expected)
            throws Exception {
        String name = kind + "-p" + p;
        Topics topics = withOutputs(loaded, name);
        kafka.createTopics(topics.newTopics(p, (short) 1), BenchProbes.BROKER_TIME);
        out.printf("%n%s: %s job, parallelism %d ...%n", name, kind, p);
        int port = LocalFlink.freePort(0);
        StreamExecutionEnvironment env = environment(kafka, topics, name, p, port, work);
        if (passThrough) {
            PassThroughJob.wire(env, options(kafka, topics, name, p), topics.scores());
        } else {
            FraudGraphJob.wire(env, options(kafka, topics, name, p));
        }
        try (OutputWatcher watcher =
                new OutputWatcher(kafka.bootstrapServers(), topics.scores(), null)) {
            JobClient job = env.executeAsync("fraudgraph bench " + name);
            try {
                BenchProbes probes =
                        BenchProbes.follow(watcher, expected, job, !passThrough, port, out);
                out.printf(
                        "%s: %,.0f events/s (%,d results between the 10 %% and 90 %% marks in %.1f s), %.0f µs of CPU per event%n",
                        name,
                        probes.eventsPerSecond(),
                        probes.windowResults(),
                        probes.windowSeconds(),
                        probes.cpuMicrosPerEvent());
                out.printf("%s: %s%n", name, probes.describeMemoryAndCheckpoints());
                return new Run(probes.eventsPerSecond(), probes);
            } finally {
                stop(job);
            }
        }
    }

    private LatencyProbe.Result latency(
            EmbeddedKafka kafka, Path work, Path dataSet, String name, double rate)
            throws Exception {
        Topics topics = topics(name, name);
        kafka.createTopics(topics.newTopics(parallelism, (short) 1), BenchProbes.BROKER_TIME);
        int perSecond = (int) Math.max(1, Math.round(rate));
        out.printf(
                "%n%s: full job, parallelism %d, fed %,d events/s; measured for %d s after at least %d s of warm-up ...%n",
                name, parallelism, perSecond, latencySeconds, warmUpSeconds());
        int port = LocalFlink.freePort(0);
        StreamExecutionEnvironment env = environment(kafka, topics, name, parallelism, port, work);
        FraudGraphJob.wire(env, options(kafka, topics, name, parallelism));
        JobClient job = env.executeAsync("fraudgraph bench " + name);
        try {
            LatencyProbe.Result result;
            try (EventFiles.Merged traffic = EventFiles.readMerged(dataSet)) {
                result =
                        new LatencyProbe(kafka.bootstrapServers(), topics)
                                .run(
                                        job,
                                        traffic,
                                        perSecond,
                                        Duration.ofSeconds(warmUpSeconds()),
                                        Duration.ofSeconds(latencySeconds),
                                        null);
            }
            out.printf("%s: %s%n", name, result.describe());
            return result;
        } finally {
            stop(job);
        }
    }

    /**
     * The full job fed a week of synthetic traffic at {@code rate} for {@link #soakMinutes} (a data
     * set of its own, large enough, unless {@code --data} was given): each minute the latency, the
     * events in flight, the heap after collections (the lowest heap use seen in that minute) and
     * the resident memory; at the end how both memories moved from the first third of the soak to
     * the last. Every account keeps the pace of a real one in event time (a week compressed into
     * the soak); live traffic from a few thousand accounts would make each of them a hub.
     */
    private void soak(EmbeddedKafka kafka, Path work, Path dataSet, double rate) throws Exception {
        Topics topics = topics("soak", "soak");
        kafka.createTopics(topics.newTopics(parallelism, (short) 1), BenchProbes.BROKER_TIME);
        int perSecond = (int) Math.max(1, Math.round(rate));
        // The warm-up, the catch-up and the soak, with room to spare.
        long needed = (long) Math.ceil(perSecond * 60.0 * (soakMinutes + 2) * 1.1);
        Path soakData = dataSet;
        if (data == null) {
            soakData = generate(work.resolve("soak-data"), needed, seed + 1);
        } else if (ReplayInputs.count(data).events() < needed) {
            out.printf(
                    "soak: %s holds %,d events, fewer than the %,d a %d-minute soak at %,d events/s takes; it ends when they do%n",
                    data, ReplayInputs.count(data).events(), needed, soakMinutes, perSecond);
        }
        out.printf(
                "%nsoak: full job, parallelism %d, fed %,d events/s for %d min ...%n",
                parallelism, perSecond, soakMinutes);
        int port = LocalFlink.freePort(0);
        StreamExecutionEnvironment env =
                environment(kafka, topics, "soak", parallelism, port, work);
        FraudGraphJob.wire(env, options(kafka, topics, "soak", parallelism));
        JobClient job = env.executeAsync("fraudgraph bench soak");
        java.util.List<long[]> memory = new java.util.ArrayList<>();
        try (BenchProbes.HeapTrough trough = BenchProbes.HeapTrough.start();
                EventFiles.Merged traffic = EventFiles.readMerged(soakData)) {
            LatencyProbe.Result result =
                    new LatencyProbe(kafka.bootstrapServers(), topics)
                            .run(
                                    job,
                                    traffic,
                                    perSecond,
                                    Duration.ofMinutes(1),
                                    Duration.ofMinutes(soakMinutes),
                                    minute -> {
                                        long heap = trough.takeLowest();
                                        long resident = BenchProbes.residentMemory();
                                        memory.add(new long[] {heap, resident});
                                        out.printf(
                                                "  [%3d min] p50 %d ms, p99 %d ms, %,d events in flight, heap after GC %,d MiB, resident %,d MiB%n",
                                                minute.index(),
                                                LatencyProbe.percentile(minute.millis(), 0.50),
                                                LatencyProbe.percentile(minute.millis(), 0.99),
                                                minute.inFlight(),
                                                heap >> 20,
                                                resident >> 20);
                                    });
            out.printf("soak: %s%n", result.describe());
        } finally {
            stop(job);
        }
        if (memory.size() >= 3) {
            int third = memory.size() / 3;
            out.printf(
                    "soak: heap after GC %,d -> %,d MiB, resident %,d -> %,d MiB (mean of the first and the last %d minutes)%n",
                    mean(memory.subList(0, third), 0) >> 20,
                    mean(memory.subList(memory.size() - third, memory.size()), 0) >> 20,
                    mean(memory.subList(0, third), 1) >> 20,
                    mean(memory.subList(memory.size() - third, memory.size()), 1) >> 20,
                    third);
        }
    }

    private static long mean(java.util.List<long[]> rows, int column) {
        return (long) rows.stream().mapToLong(r -> r[column]).average().orElse(0);
    }

    /** Cancels the job and waits until it has stopped (its local cluster shuts down with it). */
    private static void stop(JobClient job) throws Exception {
        job.cancel().get(60, java.util.concurrent.TimeUnit.SECONDS);
        try {
            job.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cancelled) {
            // What a cancelled job reports.
        }
    }

    private int warmUpSeconds() {
        return Math.max(2, latencySeconds / 3);
    }

    private static Topics topics(String inputs, String outputs) {
        String in = "bench." + inputs + ".";
        String outs = "bench." + outputs + ".";
        return new Topics(
                in + "transactions",
                in + "devices",
                in + "applications",
                in + "feedback",
                outs + "models",
                outs + "scores",
                outs + "cases",
                outs + "dead-letters");
    }

    private static Topics withOutputs(Topics inputs, String outputs) {
        Topics o = topics("unused", outputs);
        return new Topics(
                inputs.transactions(),
                inputs.devices(),
                inputs.applications(),
                inputs.feedback(),
                o.models(),
                o.scores(),
                o.cases(),
                o.deadLetters());
    }

    private JobOptions options(EmbeddedKafka kafka, Topics topics, String name, int p) {
        JobOptions options =
                CommandLine.populateCommand(
                        new JobOptions(),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--parallelism",
                        Integer.toString(p),
                        "--group-id",
                        "bench-" + name,
                        "--transactional-id-prefix",
                        "bench-" + name,
                        "--checkpoint-interval",
                        cluster.checkpointInterval.toMillis() + "ms",
                        "--transactions-topic",
                        topics.transactions(),
                        "--devices-topic",
                        topics.devices(),
                        "--applications-topic",
                        topics.applications(),
                        "--feedback-topic",
                        topics.feedback(),
                        "--models-topic",
                        topics.models(),
                        "--scores-topic",
                        topics.scores(),
                        "--cases-topic",
                        topics.cases(),
                        "--dead-letter-topic",
                        topics.deadLetters());
        // Parsing sets every flag it was not given to its default: the cache's come after.
        options.stateCache = cluster.stateCache;
        return options;
    }

    private StreamExecutionEnvironment environment(
            EmbeddedKafka kafka, Topics topics, String name, int p, int port, Path work) {
        return LocalFlink.environment(
                options(kafka, topics, name, p),
                port,
                work.resolve(name),
                MemorySize.ofMebiBytes(cluster.managedMemoryMb),
                cluster.flink);
    }
}
