package org.fraudgraph.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.score.ModelConfig;
import org.fraudgraph.score.ScoringModel;
import org.fraudgraph.training.ModelFit;
import org.fraudgraph.training.Training;
import org.fraudgraph.training.TrainingSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scoring one event with a model {@code fraudgraph train} writes: {@value ModelFit#ROUNDS} trees of
 * depth 4 over every model feature, read the way the job reads it. An allowed event costs its
 * trees' paths; an alert adds its Tree SHAP reasons.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainedModelBenchmark {
    private ScoringModel model;
    private Map<String, Double> quiet;
    private Map<String, Double> alert;

    @Setup
    public void setUp() throws Exception {
        List<String> features = TrainingSet.modelFeatures();
        SplittableRandom random = new SplittableRandom(17);
        TrainingSet set = TrainingSet.empty(features);
        for (int i = 0; i < 20_000; i++) {
            boolean fraud = random.nextInt(20) == 0;
            set.add(vector(features, random, fraud), fraud, "a" + i, "account:a" + i, 0);
        }
        try (ModelFit fit = ModelFit.fit(set, set.all(), 1)) {
            ObjectNode root = Training.modelFile("bench", features, 0.5, 0.95, fit.json());
            model = ModelConfig.parse(root.toString());
        }
        // The hard rules (confirmed fraud, hubs) read flags a random vector would set: off.
        java.util.Set<String> flags = new java.util.HashSet<>();
        model.rules().forEach(r -> r.conditions().forEach(c -> flags.add(c.feature())));
        for (int tries = 0; quiet == null || alert == null; tries++) {
            if (tries > 10_000) {
                throw new IllegalStateException("no allowed and alerted vectors");
            }
            boolean fraud = tries % 2 == 0;
            Map<String, Double> v = vector(features, random, fraud);
            flags.forEach(f -> v.put(f, 0.0));
            Decision d = model.score("e", EventKind.TRANSACTION, "a", 0, v).getDecision();
            if (d == Decision.ALLOW && !fraud) {
                quiet = v;
            } else if (d != Decision.ALLOW && fraud) {
                alert = v;
            }
        }
    }

    /** Every feature present: a fraud row's first ten are larger. */
    private static Map<String, Double> vector(
            List<String> features, SplittableRandom random, boolean fraud) {
        Map<String, Double> v = new TreeMap<>();
        for (int f = 0; f < features.size(); f++) {
            double x = random.nextDouble() * 10;
            v.put(features.get(f), fraud && f < 10 ? x + 6 : x);
        }
        return v;
    }

    /** Most events: scored, allowed, no reasons to compute. */
    @Benchmark
    public FraudScore scoreAllowedEvent() {
        return model.score("tx-000123456789", EventKind.TRANSACTION, "acc-0012345", 0L, quiet);
    }

    /** An alert: scored, and explained by its features' SHAP values. */
    @Benchmark
    public FraudScore scoreAlertWithReasons() {
        return model.score("tx-000123456789", EventKind.TRANSACTION, "acc-0012345", 0L, alert);
    }
}
