package org.fraudgraph.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.ring.RingLink.Relation;
import org.fraudgraph.ring.RingSettings;
import org.fraudgraph.ring.RingStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An hour of the ring stage in a steady week: {@code linksPerHour} new account–device links (a new
 * account on its own phone, a household's second account on its device), then the hourly sweep that
 * lets the links of a week ago go. The store holds a week of them (168 hours), so the sweep's share
 * of an hour is what it costs against the week it keeps.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar RingSweepBenchmark -f 1 -wi 3 -i 5}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx6g"})
public class RingSweepBenchmark {
    private static final long T0 = 1_790_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @Param({"2000"})
    int linksPerHour;

    private RingStore store;
    private SplittableRandom random;
    private long hour;
    private long events;

    @Setup(Level.Trial)
    public void setUp() {
        store = new RingStore(RingSettings.defaults(), "bench");
        random = new SplittableRandom(11);
        for (int h = 0; h < 168; h++) {
            hour();
        }
    }

    /** One hour of links, then the sweep; the store's vertices (so nothing is optimised away). */
    @Benchmark
    public int hour() {
        long start = T0 + hour * HOUR;
        for (int i = 0; i < linksPerHour; i++) {
            long account = events;
            // Two accounts in three on a phone of their own, the third on its household's device.
            String device =
                    random.nextInt(3) < 2 ? "DEVICE:own-" + account : "DEVICE:home-" + account / 3;
            store.add(
                    RingLink.of(
                            Relation.USES_DEVICE,
                            "a" + account,
                            device,
                            "ev-" + events++,
                            start + (long) i * HOUR / linksPerHour,
                            0));
        }
        hour++;
        store.advance(T0 + hour * HOUR);
        return store.vertices();
    }
}
