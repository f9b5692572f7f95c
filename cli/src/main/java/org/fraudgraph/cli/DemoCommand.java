package org.fraudgraph.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.fraudgraph.job.FraudGraphJob;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.ResultReader;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.kafka.EmbeddedKafka;
import org.fraudgraph.replay.SyntheticTraffic;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole product on one machine with nothing installed: a real Kafka broker and a Flink
 * MiniCluster in this process, synthetic traffic in, scores out.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a Kafka broker and the fraudgraph job (Flink, RocksDB state, exactly-once Kafka output) in this "
                    + "process, feeds it synthetic traffic, shows progress and a sample of scores, and stops.",
            "A few deliberately broken records show the dead-letter topic at work."
        })
final class DemoCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "20000",
            description = "Events to send (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "400",
            description = "Events per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--accounts",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Accounts in the synthetic traffic (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Seed of the synthetic traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--bad-every",
            paramLabel = "N",
            defaultValue = "2000",
            description =
                    "Send a broken record after every this many events; 0 for none (default: ${DEFAULT-VALUE}).")
    int badEvery;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description =
                    "Port of the Flink web UI (default: ${DEFAULT-VALUE}; another free port if taken).")
    int webUiPort;

    @Option(
            names = "--keep-running",
            description =
                    "After the sample, keep the broker, the job and the web UI up, sending events at --rate until Ctrl-C.")
    boolean keepRunning;

    private final PrintStream out = System.out;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (events < 1 || rate < 1 || accounts < 1 || badEvery < 0) {
            throw new Cli.UsageProblem(
                    "--events, --rate and --accounts must be at least 1, --bad-every at least 0");
        }
        LocalFlink.requireParallelism(parallelism);
        LocalFlink.requirePort(webUiPort, "--web-ui-port");
        Path work = Files.createTempDirectory("fraudgraph-demo");
        try {
            return demo(work);
        } finally {
            Folders.deleteRecursively(work);
            finished.countDown();
        }
    }

    private int demo(Path work) throws Exception {
        long started = System.nanoTime();
        out.println("fraudgraph demo: starting a Kafka broker (KRaft, 127.0.0.1) ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            Topics topics = Topics.DEFAULTS;
            kafka.createTopics(topics.newTopics(2, (short) 1));
            out.printf(
                    "  broker %s, topics: %s%n",
                    kafka.bootstrapServers(), String.join(", ", topics.all()));

            JobOptions options =
                    CommandLine.populateCommand(
                            new JobOptions(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--parallelism",
                            Integer.toString(parallelism),
                            "--checkpoint-interval",
                            "2s",
                            "--idle-timeout",
                            "2s");
            int port = LocalFlink.freePort(webUiPort);
            StreamExecutionEnvironment env =
                    LocalFlink.environment(options, port, work.resolve("flink"));
            FraudGraphJob.wire(env, options);
            JobClient job = env.executeAsync("fraudgraph demo");
            out.printf(
                    "  Flink job started (parallelism %d, RocksDB state); web UI http://127.0.0.1:%d%n",
                    parallelism, port);
            out.printf(
                    "  sending %,d events at %,d/s from %,d accounts; scores appear once per checkpoint (2 s)%n%n",
                    events, rate, accounts);

            Traffic traffic = new Traffic(kafka.bootstrapServers(), topics);
            Thread sender =
                    new Thread(
                            () -> traffic.send(keepRunning ? Long.MAX_VALUE : events),
                            "demo-traffic");
            sender.setDaemon(true);
            sender.start();
            // Ctrl-C: stop sending, let the main thread cancel the job, stop the broker and remove
            // the temp folder.
            Thread onCtrlC =
                    new Thread(
                            () -> {
                                interrupted.set(true);
                                traffic.stop();
                                try {
                                    finished.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(onCtrlC);

            boolean complete;
            try (ResultReader<FraudScore> scores =
                            new ResultReader<>(
                                    kafka.bootstrapServers(), topics.scores(), FraudScore.class);
                    ResultReader<DeadLetter> deadLetters =
                            new ResultReader<>(
                                    kafka.bootstrapServers(),
                                    topics.deadLetters(),
                                    DeadLetter.class);
                    ResultReader<RingCase> cases =
                            new ResultReader<>(
                                    kafka.bootstrapServers(), topics.cases(), RingCase.class)) {
                Tally tally = new Tally();
                complete =
                        follow(traffic, tally, scores, deadLetters, cases, false, started, events);
                cases.poll(Duration.ofSeconds(1)).forEach(tally::add);
                tally.printSample(out);
                tally.printCases(out);
                if (keepRunning) {
                    out.printf(
                            "%nStill running: web UI http://127.0.0.1:%d, broker %s. New case versions are"
                                    + " printed as they come. Ctrl-C stops.%n",
                            port, kafka.bootstrapServers());
                    follow(
                            traffic,
                            tally,
                            scores,
                            deadLetters,
                            cases,
                            true,
                            started,
                            Long.MAX_VALUE);
                }
            } finally {
                traffic.stop();
                sender.join(5_000);
                job.cancel().get();
            }
            out.printf(
                    "%nfraudgraph demo: done in %d s.%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            if (!interrupted.get()) {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            }
            if (traffic.lost != null) {
                out.println("fraudgraph demo: " + traffic.lost);
                return 1;
            }
            if (!complete) {
                out.println(
                        "fraudgraph demo: not every event was scored in time; see the log for what held the job up.");
                return 1;
            }
            return 0;
        }
    }

    /**
     * Shows progress until {@code target} events (or all, if sending stopped sooner) are sent and
     * scored, or a timeout, or Ctrl-C; returns whether they all were scored. Case versions are
     * collected, and printed as they come when {@code printCases}.
     */
    private boolean follow(
            Traffic traffic,
            Tally tally,
            ResultReader<FraudScore> scores,
            ResultReader<DeadLetter> deadLetters,
            ResultReader<RingCase> cases,
            boolean printCases,
            long started,
            long target) {
        long lastPrint = 0;
        long drainDeadline = Long.MAX_VALUE;
        while (!interrupted.get()) {
            scores.poll(Duration.ofMillis(200)).forEach(tally::add);
            deadLetters.poll(Duration.ofMillis(10)).forEach(tally::add);
            for (RingCase c : cases.poll(Duration.ofMillis(10))) {
                tally.add(c);
                if (printCases) {
                    out.println("  case " + AlertsCommand.line(c));
                }
            }
            long now = System.nanoTime();
            if (now - lastPrint > 2_000_000_000L) {
                lastPrint = now;
                long seconds = Math.max(1, Duration.ofNanos(now - started).toSeconds());
                out.printf(
                        "[%3d s] events in %,8d (%,5d/s) | scores out %,8d | REVIEW %,6d | BLOCK %,6d | dead letters %,3d%n",
                        seconds,
                        traffic.good.get() + traffic.bad.get(),
                        traffic.currentRate(),
                        tally.scores,
                        tally.decisions.get(Decision.REVIEW),
                        tally.decisions.get(Decision.BLOCK),
                        tally.deadLetters);
            }
            boolean sent = traffic.done.get() || traffic.good.get() >= target;
            long expected = Math.min(target, traffic.good.get());
            // One broken record follows every badEvery-th good one.
            long expectedDeadLetters = badEvery > 0 ? expected / badEvery : 0;
            if (sent && tally.scores >= expected && tally.deadLetters >= expectedDeadLetters) {
                return true;
            }
            if (sent && drainDeadline == Long.MAX_VALUE) {
                drainDeadline = now + Duration.ofSeconds(60).toNanos();
            }
            if (now > drainDeadline) {
                return false;
            }
        }
        return true;
    }

    /** The synthetic traffic, sent at a steady rate, with a broken record now and then. */
    private final class Traffic {
        final AtomicLong good = new AtomicLong();
        final AtomicLong bad = new AtomicLong();
        final AtomicBoolean done = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final String bootstrapServers;
        private final Topics topics;
        private volatile long windowStart = System.nanoTime();
        private volatile long windowCount;
        private volatile long lastRate;

        /** Why some of the traffic did not reach the broker, or null. */
        volatile String lost;

        Traffic(String bootstrapServers, Topics topics) {
            this.bootstrapServers = bootstrapServers;
            this.topics = topics;
        }

        void send(long total) {
            SyntheticTraffic generator = new SyntheticTraffic(seed, accounts);
            try (EventProducer producer = new EventProducer(bootstrapServers, topics)) {
                long begin = System.nanoTime();
                for (long i = 0; i < total && !stopped.get(); i++) {
                    long due = begin + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    SpecificRecord event = generator.next(Instant.now());
                    producer.send(event);
                    good.incrementAndGet();
                    count();
                    if (badEvery > 0 && (i + 1) % badEvery == 0) {
                        sendBroken(producer, i);
                    }
                }
                try {
                    producer.flush();
                } catch (IllegalStateException e) {
                    lost = e.getMessage();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.set(true);
            }
        }

        private void sendBroken(EventProducer producer, long i) {
            byte[] key = "acc-broken".getBytes(StandardCharsets.UTF_8);
            if ((i / badEvery) % 2 == 0) {
                producer.sendRaw(
                        topics.transactions(),
                        key,
                        "{\"amount\": 100, \"note\": \"json is not our format\"}"
                                .getBytes(StandardCharsets.UTF_8));
            } else {
                TransactionEvent future =
                        TransactionEvent.newBuilder()
                                .setEventId("broken-" + i)
                                .setEventTime(Instant.now().plus(Duration.ofDays(365)))
                                .setType(TransactionType.PAYMENT)
                                .setAccountId("acc-broken")
                                .setMerchantId("m-1")
                                .setAmountMinor(100)
                                .build();
                producer.sendRaw(topics.transactions(), key, producer.encode(future));
            }
            bad.incrementAndGet();
        }

        private void count() {
            windowCount++;
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                lastRate = windowCount * 1_000_000_000L / (now - windowStart);
                windowStart = now;
                windowCount = 0;
            }
        }

        long currentRate() {
            return done.get() ? 0 : lastRate;
        }

        void stop() {
            stopped.set(true);
        }
    }

    /** What came out: counts by decision, dead letters by reason, and the highest scores. */
    private static final class Tally {
        long scores;
        long deadLetters;
        final Map<Decision, Long> decisions =
                new EnumMap<>(Map.of(Decision.ALLOW, 0L, Decision.REVIEW, 0L, Decision.BLOCK, 0L));
        final Map<DeadLetterReason, Long> reasons = new EnumMap<>(DeadLetterReason.class);

        /**
         * The highest score of each account, so the sample shows several accounts, not one account
         * many times.
         */
        final Map<String, FraudScore> highestPerAccount = new HashMap<>();

        final List<FraudScore> ordinary = new ArrayList<>();

        void add(FraudScore score) {
            scores++;
            decisions.merge(score.getDecision(), 1L, Long::sum);
            if (score.getDecision() == Decision.ALLOW && ordinary.size() < 3 && scores > 100) {
                ordinary.add(score);
            }
            highestPerAccount.merge(
                    score.getEntityId(), score, (a, b) -> b.getScore() > a.getScore() ? b : a);
        }

        /** The latest version of each case. */
        final Map<String, RingCase> cases = new java.util.TreeMap<>();

        void add(RingCase c) {
            cases.merge(c.getCaseId(), c, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
        }

        void printCases(PrintStream out) {
            List<RingCase> open =
                    cases.values().stream()
                            .filter(c -> c.getStatus() == org.fraudgraph.schema.CaseStatus.OPEN)
                            .toList();
            int closed = cases.size() - open.size();
            out.printf(
                    "%nRing cases on the case topic: %d open%s%s%n",
                    open.size(),
                    closed == 0 ? "" : ", " + closed + " closed (merged into another case)",
                    open.isEmpty() ? "" : "; the latest version of each:");
            for (RingCase c : open) {
                out.println("  " + AlertsCommand.line(c));
                c.getReasons().stream()
                        .limit(2)
                        .forEach(r -> out.printf("    %s: %s%n", r.getCode(), r.getDetail()));
            }
        }

        void add(DeadLetter letter) {
            deadLetters++;
            reasons.merge(letter.getReason(), 1L, Long::sum);
        }

        void printSample(PrintStream out) {
            out.printf(
                    "%nScores: %,d (ALLOW %,d, REVIEW %,d, BLOCK %,d). Dead letters: %,d%s%n",
                    scores,
                    decisions.get(Decision.ALLOW),
                    decisions.get(Decision.REVIEW),
                    decisions.get(Decision.BLOCK),
                    deadLetters,
                    reasons.isEmpty()
                            ? ""
                            : " ("
                                    + reasons.entrySet().stream()
                                            .map(e -> e.getKey() + " " + e.getValue())
                                            .collect(Collectors.joining(", "))
                                    + ")");
            List<FraudScore> highest =
                    highestPerAccount.values().stream()
                            .sorted(Comparator.comparingDouble(FraudScore::getScore).reversed())
                            .limit(7)
                            .toList();
            out.println();
            out.println(
                    "Sample of scores (the highest-scoring accounts first, then ordinary events):");
            out.printf(
                    "  %-8s  %-11s  %-12s  %-24s  %5s  %-8s  %s%n",
                    "time", "kind", "account", "event", "score", "decision", "reasons");
            Stream.concat(highest.stream(), ordinary.stream())
                    .forEach(
                            s -> {
                                out.printf(
                                        "  %-8s  %-11s  %-12s  %-24s  %5.2f  %-8s  %s%n",
                                        CLOCK.format(s.getEventTime()),
                                        s.getEventKind(),
                                        s.getEntityId(),
                                        s.getEventId(),
                                        s.getScore(),
                                        s.getDecision(),
                                        s.getReasons().isEmpty()
                                                ? "-"
                                                : s.getReasons().stream()
                                                        .map(AlertsCommand::reason)
                                                        .collect(Collectors.joining("; ")));
                                out.printf("  %8s  graph: %s%n", "", graph(s.getFeatures()));
                            });
        }
    }

    /**
     * A few of the score's graph features, short: what the entity graph says about the event
     * (accounts on its device and IP, its merchant's buyers, accounts linked through shared ids,
     * confirmed fraud nearby, the open case the account is in, burst).
     */
    static String graph(Map<String, Double> f) {
        List<String> parts = new ArrayList<>();
        count(parts, f, "device.accounts_24h", "device %,d acct/24h");
        count(parts, f, "ip.accounts_24h", "IP %,d acct/24h");
        count(parts, f, "merchant.buyers_24h", "merchant %,d buyers/24h");
        count(parts, f, "twohop.accounts_7d", "linked %,d acct/7d");
        double taint = f.getOrDefault("taint.distance", -1.0);
        parts.add(taint < 0 ? "taint none" : "taint " + (long) taint + " hops");
        Double caseScore = f.get("case.score");
        if (caseScore != null) {
            parts.add(String.format(Locale.ROOT, "open case %.2f", caseScore));
        }
        parts.add(String.format(Locale.ROOT, "burst %.1f", f.getOrDefault("burst.score", 0.0)));
        return String.join("; ", parts);
    }

    private static void count(
            List<String> parts, Map<String, Double> f, String name, String format) {
        Double v = f.get(name);
        if (v != null) {
            parts.add(String.format(Locale.ROOT, format, v.longValue()));
        }
    }
}
