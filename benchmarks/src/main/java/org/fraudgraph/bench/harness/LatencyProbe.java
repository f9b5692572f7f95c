package org.fraudgraph.bench.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.replay.EventFiles;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;

/**
 * Feeds a running job at a steady rate and measures, per event, the time from the broker writing
 * the event to the broker writing its score: both topics keep {@code LogAppendTime}, so both stamps
 * come from one clock, and the score is counted when written, before its transaction commits on the
 * next checkpoint. The latencies go into histograms (exact below 2,048 ms, three significant digits
 * above), so the probe's own memory stays the same however long it runs.
 */
public final class LatencyProbe {
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** How long after the warm-up the probe waits for the job to catch up before measuring. */
    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    private final String bootstrapServers;
    private final Topics topics;
    private final Object lock = new Object();

    /** Event id → broker time of the event, until its score comes; warm-up events as -1. */
    private final Map<String, Long> written = new HashMap<>();

    /** Event id → broker time of a score that came before the event's acknowledgement. */
    private final Map<String, Long> scoredFirst = new HashMap<>();

    private boolean fellBehind;

    /** The latencies of the whole measurement and of the minute under way, in milliseconds. */
    private final Histogram all = latencies();

    private final Histogram thisMinute = latencies();

    public LatencyProbe(String bootstrapServers, Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** The measured events' latencies, in milliseconds. */
    public record Result(
            Histogram millis,
            long measured,
            double achievedRate,
            boolean ranOut,
            boolean neverCaughtUp) {
        public long percentile(double q) {
            return LatencyProbe.percentile(millis, q);
        }

        public long unscored() {
            return measured - millis.getTotalCount();
        }

        public String describe() {
            return String.format(
                    "%,d events measured at %,.0f events/s; ingestion to score p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms%s%s%s",
                    measured,
                    achievedRate,
                    percentile(0.50),
                    percentile(0.99),
                    percentile(0.999),
                    percentile(1.0),
                    unscored() > 0
                            ? String.format(
                                    "; %,d not scored within %d s of the end (the job fell behind)",
                                    unscored(), DRAIN.toSeconds())
                            : "",
                    ranOut ? "; the data set ran out before the end" : "",
                    neverCaughtUp
                            ? "; the job never caught up with the warm-up backlog: this rate is above what it sustains"
                            : "");
        }
    }

    /** The latencies of one minute of a long run, and the events then still unscored. */
    public record Minute(int index, Histogram millis, int inFlight) {}

    /**
     * Feeds {@code events} at {@code perSecond} to the running job and measures from a steady state
     * for {@code measure}.
     *
     * @param everyMinute hears each full minute of the measurement, or {@code null}
     */
    public Result run(
            JobClient job,
            Iterator<? extends SpecificRecord> events,
            int perSecond,
            Duration warmUp,
            Duration measure,
            Consumer<Minute> everyMinute)
            throws Exception {
        awaitRunning(job);
        AvroCodec<FraudScore> scores = AvroCodec.of(FraudScore.class);
        long measured = 0;
        boolean ranOut = false;
        double achieved;
        try (OutputWatcher watcher =
                        new OutputWatcher(
                                bootstrapServers, topics.scores(), r -> scored(scores, r));
                EventProducer producer = new EventProducer(bootstrapServers, topics)) {
            long start = System.nanoTime();
            long earliestMeasure = start + warmUp.toNanos();
            long latestMeasure = earliestMeasure + CATCH_UP.toNanos();
            long measureFrom = Long.MAX_VALUE;
            long end = Long.MAX_VALUE;
            long sent = 0;
            long sentBeforeMeasure = 0;
            long nextMinute = Long.MAX_VALUE;
            int minute = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (now >= nextMinute) {
                    nextMinute += MINUTE.toNanos();
                    everyMinute.accept(nextMinute(++minute));
                }
                if (measureFrom == Long.MAX_VALUE && now >= earliestMeasure) {
                    // Measure from a steady state: the start-up backlog (a cold JVM, the
                    // first checkpoint) worked off, less than half a second of events in flight.
                    boolean caughtUp;
                    synchronized (lock) {
                        caughtUp = written.size() < perSecond / 2;
                    }
                    if (caughtUp || now >= latestMeasure) {
                        fellBehind = !caughtUp;
                        measureFrom = now;
                        end = now + measure.toNanos();
                        if (everyMinute != null) {
                            nextMinute = now + MINUTE.toNanos();
                            synchronized (lock) {
                                thisMinute.reset();
                            }
                        }
                    }
                }
                long due = (now - start) * perSecond / 1_000_000_000L;
                while (sent < due) {
                    if (!events.hasNext()) {
                        ranOut = true;
                        break;
                    }
                    boolean counts = now >= measureFrom;
                    send(producer, (SpecificRecordBase) events.next(), counts);
                    sent++;
                    if (!counts) {
                        sentBeforeMeasure = sent;
                    }
                }
                if (ranOut) {
                    break;
                }
                LockSupport.parkNanos(500_000);
            }
            if (measureFrom == Long.MAX_VALUE) {
                measureFrom = System.nanoTime();
            }
            producer.flush();
            achieved = (sent - sentBeforeMeasure) / ((System.nanoTime() - measureFrom) / 1e9);
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lock) {
                    measured = all.getTotalCount() + pendingMeasured();
                    if (pendingMeasured() == 0) {
                        break;
                    }
                }
                watcher.count();
                Thread.sleep(50);
            }
            synchronized (lock) {
                measured = all.getTotalCount() + pendingMeasured();
            }
            if (everyMinute != null) {
                // The last minute, with the scores that came while draining.
                everyMinute.accept(nextMinute(++minute));
            }
        }
        Histogram copy;
        synchronized (lock) {
            copy = all.copy();
        }
        return new Result(copy, measured, achieved, ranOut, fellBehind);
    }

    private void send(EventProducer producer, SpecificRecordBase event, boolean counts) {
        if (event instanceof FeedbackEvent) {
            producer.send(event);
            return;
        }
        String id = EventFiles.eventId(event);
        producer.send(
                event,
                (metadata, error) -> {
                    if (error != null) {
                        return;
                    }
                    long at = counts ? metadata.timestamp() : -1;
                    synchronized (lock) {
                        Long score = scoredFirst.remove(id);
                        if (score == null) {
                            written.put(id, at);
                        } else if (at >= 0) {
                            sample(score - at);
                        }
                    }
                });
    }

    private void scored(AvroCodec<FraudScore> codec, ConsumerRecord<byte[], byte[]> record) {
        String id;
        try {
            id = codec.decode(record.value()).getEventId();
        } catch (DecodeException e) {
            throw new IllegalStateException("a score that does not decode: " + e.getMessage(), e);
        }
        synchronized (lock) {
            Long at = written.remove(id);
            if (at == null) {
                scoredFirst.put(id, record.timestamp());
            } else if (at >= 0) {
                sample(record.timestamp() - at);
            }
        }
    }

    /** The {@code q} quantile (nearest rank) of latencies; -1 when there are none. */
    public static long percentile(Histogram millis, double q) {
        if (millis.getTotalCount() == 0) {
            return -1;
        }
        return q >= 1.0 ? millis.getMaxValue() : millis.getValueAtPercentile(q * 100);
    }

    /** The latencies since the last minute, as minute {@code index}. */
    private Minute nextMinute(int index) {
        Histogram minute;
        int inFlight;
        synchronized (lock) {
            minute = thisMinute.copy();
            thisMinute.reset();
            inFlight = written.size();
        }
        return new Minute(index, minute, inFlight);
    }

    private long pendingMeasured() {
        return written.values().stream().filter(t -> t >= 0).count();
    }

    private void sample(long millis) {
        // Both stamps come from the broker's wall clock, which may step back.
        long value = Math.max(0, millis);
        all.recordValue(value);
        thisMinute.recordValue(value);
    }

    /** Milliseconds, exact below 2,048, growing as larger values come. */
    private static Histogram latencies() {
        return new Histogram(3);
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not start: " + status);
            }
            Thread.sleep(100);
        }
    }
}
