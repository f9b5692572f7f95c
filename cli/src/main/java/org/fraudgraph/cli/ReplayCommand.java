package org.fraudgraph.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.collect.CollectSinkOperatorFactory;
import org.apache.flink.util.CloseableIterator;
import org.fraudgraph.job.FlinkSettings;
import org.fraudgraph.job.FraudPipeline;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ReplayInputs;
import org.fraudgraph.job.io.ReplayResult;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.ModelConfigFile;
import org.fraudgraph.job.options.SettingsOption;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.replay.GroundTruth;
import org.fraudgraph.replay.Manifest;
import org.fraudgraph.replay.SortedAvroFile;
import org.fraudgraph.replay.report.ReplayEvaluation;
import org.fraudgraph.replay.report.ReportWriter;
import org.fraudgraph.replay.report.Sweep;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.score.ScoringModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Replays a data set through the very same pipeline and measures it against the labels. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline over a data set's Avro files in event time and compares scores and cases with the labels.",
            "The same job as in production, as fast as it can, on a local Flink MiniCluster with RocksDB state.",
            "Writes scores.avro, cases.avro, report.json and report.html into --out. Same data and config, same "
                    + "scores.avro, cases.avro and report.json, byte for byte.",
            "With --to-kafka it instead sends the data set's events to Kafka topics, at --rate events per second or at "
                    + "--pace times the original speed, for load tests of a running job."
        })
final class ReplayCommand implements Callable<Integer> {
    @Mixin DataSetOption dataSet;

    @Mixin SettingsOption settings;

    private Path data;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Scoring model as JSON (version, bias, thresholds, terms, rules; see README \"The scoring model\"); default: the built-in model.")
    Path config;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "replay-out",
            description =
                    "Where the results go; must be empty or absent unless --force (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--force", description = "Overwrite the results in a non-empty --out.")
    boolean force;

    @Option(
            names = "--sweep",
            paramLabel = "score.review=FROM:TO:STEP",
            description =
                    "Also evaluate these review thresholds and draw the precision-recall curve, e.g. score.review=0.5:0.95:0.05.")
    String sweep;

    @Option(
            names = "--skip-history",
            description =
                    "With a data set generated with --history-days: replay only its period, as a job that starts cold with"
                            + " it would (the same events of the period, to compare with a replay after the history).")
    boolean skipHistory;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--to-kafka",
            paramLabel = "HOST:PORT",
            description = "Send the events to Kafka instead of replaying them here.")
    String toKafka;

    @Mixin KafkaClientOption kafkaClient;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "With --to-kafka: events per second; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--pace",
            paramLabel = "X",
            description =
                    "With --to-kafka: follow the events' own timing, X times faster (1 = original pace).")
    Double pace;

    @Option(
            names = "--end-marker",
            description = {
                "With --to-kafka: after the data, send one marker event per input partition (account 'end-of-data'), a minute",
                "after the data's last event, so that a job run with --event-time-order scores every event sent; the markers",
                "themselves wait for later events."
            })
    boolean endMarker;

    @Option(
            names = "--end-marker-only",
            description = {
                "With --to-kafka: send only the end markers of the data set (as --end-marker would), e.g. again after a job in",
                "event-time order restarted with nothing left to read: its event time then moves on past the data."
            })
    boolean endMarkerOnly;

    private final PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        LocalFlink.requireParallelism(parallelism);
        String settingsProblem = settings.problem();
        if (settingsProblem != null) {
            throw new Cli.UsageProblem(settingsProblem);
        }
        data = dataSet.checked();
        if (toKafka != null) {
            return sendToKafka();
        }
        if (rate != 0 || pace != null) {
            throw new Cli.UsageProblem("--rate and --pace go with --to-kafka");
        }
        List<Double> thresholds;
        try {
            thresholds = sweep == null ? List.of() : Sweep.parse(sweep).thresholds();
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        ScoringModel scorer;
        try {
            scorer = config == null ? ScoringModel.defaults() : ModelConfigFile.read(config);
        } catch (IOException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        GroundTruth truth;
        try {
            truth = GroundTruth.read(data);
        } catch (IOException e) {
            throw new Cli.UsageProblem("labels of " + data + ": " + e.getMessage());
        }
        prepareOut();
        return replay(scorer, truth, thresholds);
    }

    private int replay(ScoringModel scorer, GroundTruth truth, List<Double> thresholds)
            throws Exception {
        long started = System.nanoTime();
        java.time.Instant period;
        try {
            period = Manifest.periodStart(data);
        } catch (IOException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        if (skipHistory && period == null) {
            throw new Cli.UsageProblem(
                    "--skip-history: " + data + " has no history (generate --history-days N)");
        }
        long from = skipHistory ? period.toEpochMilli() : Long.MIN_VALUE;
        ReplayInputs.Counts counts;
        try {
            counts = ReplayInputs.check(data, from);
        } catch (java.io.IOException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        long events = counts.events();
        console.printf(
                "fraudgraph replay: %,d events from %s%s, model %s, parallelism %d%n",
                events,
                data,
                skipHistory ? " (its period only, from " + period + ")" : "",
                scorer.version(),
                parallelism);
        Path work =
                Files.createTempDirectory(
                        Path.of(System.getProperty("java.io.tmpdir")), "fg-replay");
        List<RingCase> cases = new ArrayList<>();
        ReplayEvaluation evaluation = new ReplayEvaluation(truth);
        if (period != null) {
            evaluation.countFrom(period.toEpochMilli());
        }
        long scored;
        double seconds;
        // Scores are sorted on disk (runs of 50,000: a score with its ~60 features is a few KB on
        // the heap), so a replay of any size fits in memory.
        try (SortedAvroFile<FraudScore> scores =
                new SortedAvroFile<>(
                        FraudScore.class,
                        SCORE_ORDER,
                        Files.createDirectories(work.resolve("sort")),
                        50_000)) {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(work));
            PipelineConfig pipeline =
                    PipelineConfig.of(settings.over(new Configuration()))
                            .withScorer(scorer)
                            .inEventTimeOrder();
            var outputs =
                    FraudPipeline.build(
                            ReplayInputs.create(env, data, from, counts.events()), pipeline);
            long lastPrint = System.nanoTime();
            try (CloseableIterator<ReplayResult> results =
                    ReplayResult.of(outputs).executeAndCollect("fraudgraph replay")) {
                while (results.hasNext()) {
                    ReplayResult r = results.next();
                    if (r.score != null) {
                        scores.add(r.score);
                    } else {
                        cases.add(r.ringCase);
                    }
                    if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                        lastPrint = System.nanoTime();
                        double soFar = (lastPrint - started) / 1e9;
                        console.printf(
                                "  %,d of %,d events scored (%,.0f events/s)%n",
                                scores.size(), events, scores.size() / soFar);
                    }
                }
            }
            seconds = (System.nanoTime() - started) / 1e9;
            scored = scores.size();
            scores.finish(out.resolve("scores.avro"), evaluation::add);
        } finally {
            Folders.deleteRecursively(work);
        }
        cases.sort(
                Comparator.comparing(RingCase::getCaseId).thenComparingInt(RingCase::getVersion));
        EventFiles.writeAll(out.resolve("cases.avro"), RingCase.class, cases);
        cases.forEach(evaluation::add);
        ReplayEvaluation.Result result = evaluation.result(thresholds);
        ReportWriter.write(
                out,
                result,
                new ReportWriter.Context(
                        data.getFileName().toString(),
                        scorer.version(),
                        scorer.thresholds().review(),
                        scorer.thresholds().block()),
                String.format(
                        java.util.Locale.ROOT,
                        "Replayed %,d events in %.1f s (%,.0f events/s) at parallelism %d.",
                        scored,
                        seconds,
                        scored / seconds,
                        parallelism));

        console.printf(
                "fraudgraph replay: %,d scores and %,d cases in %.1f s (%,.0f events/s)%n",
                scored, cases.size(), seconds, scored / seconds);
        console.printf(
                "  alerts: %,d (%.1f per 10,000 events; false alarms %.1f per 10,000)%n",
                result.alerts(), result.alertsPer10k(), result.falseAlarmsPer10k());
        console.printf(
                "  event   precision %.3f  recall %.3f  F1 %.3f%n",
                result.event().precision(), result.event().recall(), result.event().f1());
        console.printf(
                "  account precision %.3f  recall %.3f  F1 %.3f%n",
                result.account().precision(), result.account().recall(), result.account().f1());
        console.printf(
                "  ring    precision %.3f  recall %.3f  F1 %.3f  (%,d of %,d rings found by %,d cases)%n",
                result.ring().precision(),
                result.ring().recall(),
                result.ring().f1(),
                result.ring().ringsFound(),
                result.ring().rings(),
                result.cases());
        if (result.historyEvents() > 0) {
            console.printf(
                    "  history: %,d events before the period %s, not counted above; %,d alerts"
                            + " (%.1f per 10,000)%n",
                    result.historyEvents(),
                    period,
                    result.historyAlerts(),
                    result.historyAlerts() * 10_000.0 / result.historyEvents());
        }
        if (result.ringsWithoutEvents() > 0) {
            console.printf(
                    "  %,d rings of the labels (takeovers included) made no event in the data set:"
                            + " not counted%n",
                    result.ringsWithoutEvents());
        }
        for (var h : result.honest().entrySet()) {
            console.printf(
                    "  honest  %s: %,d of %,d accounts alerted, %,d in a case%n",
                    h.getKey(),
                    h.getValue().alerted(),
                    h.getValue().accounts(),
                    h.getValue().inCases());
        }
        console.printf("  report: %s%n", out.resolve(ReportWriter.HTML));
        if (counts.duplicates() > 0) {
            console.printf(
                    "  %,d events of the data set were sent twice (the same event id and account) and scored once%n",
                    counts.duplicates());
        }
        if (scored != counts.scorable()) {
            console.printf(
                    "fraudgraph replay: %,d events to score in the data set (feedback and events sent twice are not"
                            + " scored again) but %,d scores%n",
                    counts.scorable(), scored);
            return 1;
        }
        return 0;
    }

    /** Scores in the order of scores.avro: event time, then event id. */
    private static final Comparator<FraudScore> SCORE_ORDER =
            Comparator.comparing(FraudScore::getEventTime).thenComparing(FraudScore::getEventId);

    private Configuration flinkConfiguration(Path work) {
        Configuration conf =
                FlinkSettings.of(
                        Duration.ofSeconds(30),
                        work.resolve("checkpoints").toUri().toString(),
                        parallelism,
                        null);
        // The collect sink that brings results back has no uid of its own; replay never restores
        // from a savepoint.
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, true);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Scores carry their feature vectors (~2 KB each): larger batches back to this client
        // than the 2 MB default, so its fetches do not hold the job back.
        conf.set(CollectSinkOperatorFactory.MAX_BATCH_SIZE, MemorySize.ofMebiBytes(32));
        // A replay is rerun, not recovered; without checkpoints results stream back as they are
        // made.
        conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        conf.set(CoreOptions.TMP_DIRS, work.toString());
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, work.toString());
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        return conf;
    }

    private void prepareOut() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Cli.UsageProblem("--out " + out + " is a file");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent() && !force) {
                    throw new Cli.UsageProblem(
                            "--out "
                                    + out
                                    + " is not empty (use --force to overwrite the results in it)");
                }
            }
        }
        Files.createDirectories(out);
    }

    private int sendToKafka() throws Exception {
        if (pace != null && (pace <= 0 || rate != 0)) {
            throw new Cli.UsageProblem("--pace must be positive and cannot go with --rate");
        }
        if (rate < 0) {
            throw new Cli.UsageProblem("--rate must be 0 (as fast as possible) or more");
        }
        Topics topics = Topics.DEFAULTS;
        String problem =
                KafkaPreflight.problem(
                        kafkaClient.settings(toKafka), topics, Duration.ofSeconds(15));
        if (problem != null) {
            throw new Cli.UsageProblem(problem);
        }
        long started = System.nanoTime();
        long sent = 0;
        long firstEvent = Long.MIN_VALUE;
        long lastPrint = started;
        long lastEvent = Long.MIN_VALUE;
        java.util.Map<Class<?>, org.apache.avro.specific.SpecificRecord> lastOfKind =
                new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> perKind = new java.util.TreeMap<>();
        try (EventFiles.Merged events = EventFiles.readMerged(data);
                EventProducer producer = new EventProducer(kafkaClient.settings(toKafka), topics)) {
            console.printf(
                    "fraudgraph replay: sending %s%s to Kafka at %s%n",
                    endMarkerOnly ? "the end markers of " : "", data, toKafka);
            while (events.hasNext()) {
                SpecificRecordBase event = events.next();
                if (endMarkerOnly) {
                    lastOfKind.put(event.getClass(), event);
                    lastEvent = Math.max(lastEvent, EventFiles.eventMillis(event));
                    continue;
                }
                long due;
                if (pace != null) {
                    long t = EventFiles.eventMillis(event);
                    firstEvent = firstEvent == Long.MIN_VALUE ? t : firstEvent;
                    due = started + (long) ((t - firstEvent) * 1_000_000L / pace);
                } else {
                    due = rate > 0 ? started + (long) (sent * 1e9 / rate) : 0;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                producer.send(event);
                sent++;
                lastOfKind.put(event.getClass(), event);
                perKind.merge(event.getClass().getSimpleName(), 1L, Long::sum);
                lastEvent = Math.max(lastEvent, EventFiles.eventMillis(event));
                if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                    lastPrint = System.nanoTime();
                    console.printf(
                            "  %,d events sent (%,.0f/s)%n",
                            sent, sent / ((lastPrint - started) / 1e9));
                }
            }
            if ((endMarker || endMarkerOnly) && lastEvent != Long.MIN_VALUE) {
                int markers = producer.sendEndMarkers(lastOfKind.values(), lastEvent + 60_000);
                console.printf(
                        "  %d end markers sent (account %s, a minute after the last event)%n",
                        markers, EventProducer.END_OF_DATA);
            }
            producer.flush();
        }
        StringBuilder kinds = new StringBuilder();
        perKind.forEach(
                (kind, n) ->
                        kinds.append(kinds.isEmpty() ? "" : ", ")
                                .append(String.format("%,d %s", n, kind)));
        console.printf(
                "fraudgraph replay: %,d events sent in %.1f s (%s)%n",
                sent, (System.nanoTime() - started) / 1e9, kinds);
        return 0;
    }
}
