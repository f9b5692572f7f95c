package org.fraudgraph.training;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A gradient-boosted tree ensemble fitted with XGBoost to the rows of a {@link TrainingSet}: the
 * chance that an event is fraud, from its feature vector (absent features are missing values, which
 * XGBoost routes down a learned branch).
 *
 * <p>The settings are XGBoost's usual ones for tabular data, not searched on our data: trees four
 * deep, learning rate 0.1, 300 rounds, each tree on 80 % of the rows and features; {@link
 * #SETTINGS} lists them and the model file keeps them.
 */
public final class ModelFit implements AutoCloseable {
    /** What the fit uses; written with the model. */
    public static final Map<String, Object> SETTINGS;

    /** Rounds of boosting. */
    public static final int ROUNDS = 300;

    static {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("objective", "binary:logistic");
        s.put("eval_metric", "aucpr");
        s.put("tree_method", "hist");
        s.put("max_depth", 4);
        s.put("eta", 0.1);
        s.put("subsample", 0.8);
        s.put("colsample_bytree", 0.8);
        s.put("min_child_weight", 1);
        s.put("nthread", Math.max(1, Runtime.getRuntime().availableProcessors()));
        SETTINGS = java.util.Collections.unmodifiableMap(s);
    }

    private final Booster booster;
    private final List<String> features;

    private ModelFit(Booster booster, List<String> features) {
        this.booster = booster;
        this.features = features;
    }

    /** Fits a model to {@code rows} of {@code set}; {@code seed} fixes its sampling. */
    public static ModelFit fit(TrainingSet set, int[] rows, long seed) throws XGBoostError {
        DMatrix train = matrix(set, rows);
        try {
            Map<String, Object> params = new HashMap<>(SETTINGS);
            params.put("seed", seed);
            Booster booster = XGBoost.train(train, params, ROUNDS, Map.of(), null, null);
            return new ModelFit(booster, set.features());
        } finally {
            train.dispose();
        }
    }

    /** The model's chance of fraud for each of {@code rows} of {@code set}. */
    public double[] predict(TrainingSet set, int[] rows) throws XGBoostError {
        if (!set.features().equals(features)) {
            throw new IllegalArgumentException("the rows have other features than the model");
        }
        DMatrix m = matrix(set, rows);
        try {
            float[][] p = booster.predict(m);
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i][0];
            }
            return out;
        } finally {
            m.dispose();
        }
    }

    /**
     * What the model leans on: each feature's share of the total gain of the splits on it, largest
     * first (features never split on are left out).
     */
    public Map<String, Double> importance() throws XGBoostError {
        Map<String, Double> gain = booster.getScore(features.toArray(String[]::new), "total_gain");
        double total = gain.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        gain.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), total > 0 ? e.getValue() / total : 0));
        return out;
    }

    /**
     * XGBoost's own margins (log-odds) and SHAP values of these rows, to check a reader against.
     */
    float[][][] marginsAndContributions(TrainingSet set, int[] rows) throws XGBoostError {
        DMatrix m = matrix(set, rows);
        try {
            return new float[][][] {booster.predict(m, true), booster.predictContrib(m, 0)};
        } finally {
            m.dispose();
        }
    }

    /** The model in XGBoost's JSON format (its documented, open model format). */
    public String json() throws XGBoostError {
        return new String(booster.toByteArray("json"), StandardCharsets.UTF_8);
    }

    public List<String> features() {
        return features;
    }

    private static DMatrix matrix(TrainingSet set, int[] rows) throws XGBoostError {
        DMatrix m = new DMatrix(set.values(rows), rows.length, set.features().size(), Float.NaN);
        m.setLabel(set.labels(rows));
        m.setFeatureNames(set.features().toArray(String[]::new));
        return m;
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
