package org.fraudgraph.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.node.AccountState;
import org.fraudgraph.node.AccountStateSerializer;
import org.fraudgraph.node.AccountStep;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.FeatureAssembler;
import org.fraudgraph.node.FeatureSettings;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.node.NodeState;
import org.fraudgraph.node.NodeStateSerializer;
import org.fraudgraph.schema.EventKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-record work of the graph stages, as the job does it: read the state's bytes, apply one
 * edge or event, write the bytes back. A typical device (3 accounts), a hub merchant (full to the
 * node cap, 16 edge counters), a typical account, and the assembly of one feature vector from 7
 * answers.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar GraphStateBenchmark -f 1 -wi 3 -i 5}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GraphStateBenchmark {
    private static final long T0 = 1_790_000_000_000L;
    private final FeatureSettings settings = FeatureSettings.defaults();
    private final FeatureAssembler assembler = new FeatureAssembler(settings);

    private byte[] device;
    private byte[] merchant;
    private byte[] account;
    private long time;
    private AccountStep lastStep;
    private List<NodeAnswer> answers;

    @Setup
    public void setUp() {
        NodeState d = NodeState.empty(NodeKind.DEVICE, settings);
        for (int a = 0; a < 3; a++) {
            d.apply(update("DEVICE:d", a, T0 + a * 60_000L), settings);
        }
        device = NodeStateSerializer.serialize(d);
        NodeState m = NodeState.empty(NodeKind.MERCHANT, settings);
        for (int a = 0; a < 1_000; a++) {
            EdgeRequest r = update("MERCHANT:m", a, T0 + a * 1_000L);
            r.amountMinor = 43_000 + a;
            r.newAccount = a % 10 == 0;
            m.apply(r, settings);
        }
        merchant = NodeStateSerializer.serialize(m);
        AccountState acc = new AccountState();
        for (int i = 0; i < 20; i++) {
            lastStep = acc.apply(payment(T0 + i * 3_600_000L), settings);
        }
        account = AccountStateSerializer.serialize(acc);
        time = T0 + Duration.ofDays(1).toMillis();
        answers = new ArrayList<>();
        NodeState shared = NodeState.empty(NodeKind.PHONE, settings);
        for (int i = 0; i < 7; i++) {
            answers.add(shared.apply(update("PHONE:p", i, T0 + i), settings));
            answers.get(i).node = i % 2 == 0 ? "PHONE:p" + i : "IP:10.0.0." + i;
        }
    }

    private static EdgeRequest update(String node, long account, long time) {
        return EdgeRequest.of(EdgeRequest.Op.UPDATE, node, "e", time, account);
    }

    private static AccountEvent payment(long time) {
        AccountEvent e =
                new AccountEvent(
                        "tx",
                        EventKind.TRANSACTION,
                        "acc-1",
                        time,
                        43_000,
                        AccountEvent.Feedback.NONE);
        e.nodes = new String[] {"DEVICE:d", "IP:10.1.2.3", "IP_PREFIX:10.1.2.0/24", "MERCHANT:m"};
        e.city = "Hangzhou";
        return e;
    }

    /** One edge to a device with a few accounts: read, update, answer, write. */
    @Benchmark
    public byte[] deviceUpdate() {
        time += 1_000;
        NodeState d = NodeStateSerializer.deserialize(NodeKind.DEVICE, device, settings);
        NodeAnswer answer = d.apply(update("DEVICE:d", time % 3, time), settings);
        device = NodeStateSerializer.serialize(d);
        return answer.values.length > 0 ? device : null;
    }

    /** One payment to a hub merchant at its caps: the most expensive node update. */
    @Benchmark
    public byte[] hubMerchantUpdate() {
        time += 1_000;
        NodeState m = NodeStateSerializer.deserialize(NodeKind.MERCHANT, merchant, settings);
        EdgeRequest r = update("MERCHANT:m", time, time);
        r.amountMinor = 100_000;
        m.apply(r, settings);
        merchant = NodeStateSerializer.serialize(m);
        return merchant;
    }

    /** One payment of an account with a day of history: read, features, requests, write. */
    @Benchmark
    public byte[] accountUpdate() {
        time += 60_000;
        AccountState a = AccountStateSerializer.deserialize(account);
        lastStep = a.apply(payment(time), settings);
        account = AccountStateSerializer.serialize(a);
        return account;
    }

    /** One feature vector from the account's half and 7 node answers. */
    @Benchmark
    public Object assembleFeatures() {
        return assembler.assemble(1, T0, 0, lastStep.ids(), lastStep.values(), answers);
    }
}
