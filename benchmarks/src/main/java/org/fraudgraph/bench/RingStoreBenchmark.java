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
 * One link update of the ring stage on a store of about a million vertices: 200,000 households (2–4
 * accounts sharing a device and an address, the honest shape of shared identifiers), 40 device
 * farms of 30 accounts, 40 cash-out blocks, then a stream of new links that land on random
 * households, farms and blocks the way suspicious links do (mostly small components).
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar RingStoreBenchmark -f 1 -wi 3 -i 5}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx6g"})
public class RingStoreBenchmark {
    private static final long T0 = 1_790_000_000_000L;

    @Param({"200000"})
    int households;

    private RingStore store;
    private SplittableRandom random;
    private long time;
    private long events;

    @Setup(Level.Trial)
    public void setUp() {
        store = new RingStore(RingSettings.defaults(), "bench");
        random = new SplittableRandom(7);
        time = T0;
        for (int h = 0; h < households; h++) {
            int members = 2 + random.nextInt(3);
            for (int m = 0; m < members; m++) {
                String account = "h" + h + "-" + m;
                add(Relation.USES_DEVICE, account, "DEVICE:home-" + h, 0);
                add(Relation.GAVE_ADDRESS, account, "ADDRESS:home-" + h, 0);
            }
        }
        for (int f = 0; f < 40; f++) {
            for (int a = 0; a < 30; a++) {
                add(Relation.USES_DEVICE, "farm" + f + "-" + a, "DEVICE:emu-" + f, 0);
            }
            for (int a = 0; a < 8; a++) {
                add(Relation.PAYS, "co" + f + "-" + a, "MERCHANT:m" + f + "-" + (a % 2), 499_900);
            }
        }
    }

    private void add(Relation r, String account, String target, long amount) {
        time += 50;
        store.add(RingLink.of(r, account, target, "ev-" + events++, time, amount));
    }

    /** A new link: 90 % households, 5 % farms, 5 % cash-out blocks. */
    @Benchmark
    public int linkUpdate() {
        int pick = random.nextInt(100);
        time += 50;
        RingLink link;
        if (pick < 90) {
            int h = random.nextInt(households);
            link =
                    RingLink.of(
                            Relation.USES_DEVICE,
                            "h" + h + "-" + random.nextInt(2),
                            "DEVICE:home-" + h,
                            "ev-" + events++,
                            time,
                            0);
        } else if (pick < 95) {
            int f = random.nextInt(40);
            link =
                    RingLink.of(
                            Relation.USES_DEVICE,
                            "farm" + f + "-" + random.nextInt(30),
                            "DEVICE:emu-" + f,
                            "ev-" + events++,
                            time,
                            0);
        } else {
            int f = random.nextInt(40);
            link =
                    RingLink.of(
                            Relation.PAYS,
                            "co" + f + "-" + random.nextInt(8),
                            "MERCHANT:m" + f + "-" + random.nextInt(2),
                            "ev-" + events++,
                            time,
                            499_900);
        }
        return store.add(link).size() + store.vertices();
    }
}
