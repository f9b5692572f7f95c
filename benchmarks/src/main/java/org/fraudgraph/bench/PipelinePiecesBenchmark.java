package org.fraudgraph.bench;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.codec.AvroCodec;
import org.fraudgraph.schema.codec.DecodeException;
import org.fraudgraph.score.ModelConfig;
import org.fraudgraph.score.ScoringModel;
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
 * The per-event work at the ends of the job: decoding a payment's Avro bytes as the Kafka source
 * does, turning it into the graph's account event, scoring a feature vector with the built-in
 * model, and encoding the score as the Kafka sink does.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar PipelinePiecesBenchmark}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Avro decodes only classes it is told to trust (the job's launcher sets the same property).
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.fraudgraph.schema")
public class PipelinePiecesBenchmark {
    private final AvroCodec<TransactionEvent> transactions = AvroCodec.of(TransactionEvent.class);
    private final AvroCodec<FraudScore> scores = AvroCodec.of(FraudScore.class);
    private final ScoringModel model = ModelConfig.builtIn();

    private byte[] payment;
    private TransactionEvent decoded;
    private Map<String, Double> features;
    private Map<String, Double> clean;
    private FraudScore score;

    @Setup
    public void setUp() throws DecodeException {
        payment =
                transactions.encode(
                        TransactionEvent.newBuilder()
                                .setEventId("tx-000123456789")
                                .setEventTime(Instant.parse("2026-11-03T12:00:00Z"))
                                .setType(TransactionType.PAYMENT)
                                .setAccountId("acc-0012345")
                                .setMerchantId("m-00421")
                                .setAmountMinor(43_000)
                                .setCurrency("CNY")
                                .setInstalments(3)
                                .setChannel("app")
                                .setDeviceId("dev-0034567")
                                .setIp("10.21.34.56")
                                .setBankCardHash("c-5f0e3d2a")
                                .setCity("Hangzhou")
                                .build());
        decoded = transactions.decode(payment);
        // The assembler's sorted map. A suspicious vector: every feature the model reads, at a
        // value that fires its term (every term adds a reason); a clean one: all zero.
        features = new java.util.TreeMap<>();
        clean = new java.util.TreeMap<>();
        for (ScoringModel.Term term : model.terms()) {
            features.put(term.feature(), 12.0);
            clean.put(term.feature(), 0.0);
        }
        score = model.score("tx-000123456789", EventKind.TRANSACTION, "acc-0012345", 0L, features);
    }

    /** Avro single-object bytes of a payment to the generated class, as the source does. */
    @Benchmark
    public TransactionEvent decodePayment() throws DecodeException {
        return transactions.decode(payment);
    }

    /** A decoded payment to the graph's account event (its nodes and amounts). */
    @Benchmark
    public AccountEvent paymentToAccountEvent() {
        return AccountEvent.of(decoded);
    }

    /** One score from a vector where every term fires (a reason each), built-in model. */
    @Benchmark
    public FraudScore scoreSuspiciousVector() {
        return model.score("tx-000123456789", EventKind.TRANSACTION, "acc-0012345", 0L, features);
    }

    /** One score from a vector where nothing fires: most events. */
    @Benchmark
    public FraudScore scoreCleanVector() {
        return model.score("tx-000123456789", EventKind.TRANSACTION, "acc-0012345", 0L, clean);
    }

    /** A score with its feature vector to Avro bytes, as the sink does. */
    @Benchmark
    public byte[] encodeScore() {
        return scores.encode(score);
    }
}
