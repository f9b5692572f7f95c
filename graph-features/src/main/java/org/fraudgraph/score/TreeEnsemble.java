package org.fraudgraph.score;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trained tree ensemble (XGBoost's {@code binary:logistic} trees, read from its JSON model
 * format) that scores a feature vector and explains the score by each feature's SHAP value: the
 * exact Shapley values of the trees' prediction (Lundberg, Erion and Lee's polynomial-time Tree
 * SHAP), which add up with the ensemble's expected value to the margin, as XGBoost's own {@code
 * predictContrib} computes them.
 *
 * <p>Plain Java, no native code in the job: a tree is five arrays, a prediction follows one path
 * per tree (XGBoost's rule: {@code value < split} goes left, an absent value goes its node's
 * default way), comparing in 32-bit floats as XGBoost does.
 */
public final class TreeEnsemble implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Bounds of a model that can arrive over the control topic. */
    static final int MAX_TREES = 5_000;

    static final int MAX_NODES = 4_096;

    /**
     * Deepest tree read. Explaining an alert costs leaves × depth² per tree (Tree SHAP): a model of
     * chains thousands deep would take seconds an alert and blind the job. Boosted trees are 3 to
     * 10 deep (XGBoost's default is 6; {@code train} fits 4).
     */
    static final int MAX_DEPTH = 16;

    /** Nodes of all trees together: bounds a score's and an explanation's work. */
    static final int MAX_TOTAL_NODES = 500_000;

    private final String[] features;
    private final double baseMargin;
    private final Tree[] trees;
    private final double expected;
    private final int maxDepth;

    private record Tree(
            int[] left,
            int[] right,
            int[] feature,
            float[] split,
            boolean[] defaultLeft,
            double[] cover,
            double expected,
            int depth)
            implements Serializable {
        boolean leaf(int n) {
            return left[n] < 0;
        }

        int next(int n, float[] x) {
            float v = x[feature[n]];
            if (Float.isNaN(v)) {
                return defaultLeft[n] ? left[n] : right[n];
            }
            return v < split[n] ? left[n] : right[n];
        }

        double value(float[] x) {
            int n = 0;
            while (!leaf(n)) {
                n = next(n, x);
            }
            return split[n];
        }
    }

    private TreeEnsemble(String[] features, double baseMargin, Tree[] trees) {
        this.features = features;
        this.baseMargin = baseMargin;
        this.trees = trees;
        double e = baseMargin;
        for (Tree t : trees) {
            e += t.expected();
        }
        this.expected = e;
        int depth = 0;
        for (Tree t : trees) {
            depth = Math.max(depth, t.depth());
        }
        this.maxDepth = depth;
    }

    /** The features in column order. */
    public List<String> features() {
        return List.of(features);
    }

    /** How many trees. */
    public int size() {
        return trees.length;
    }

    /** The mean margin over the training data (the SHAP values' starting point). */
    public double expectedMargin() {
        return expected;
    }

    /** The columns of one feature vector (absent features are missing values). */
    public float[] columns(Map<String, Double> vector) {
        float[] x = new float[features.length];
        for (int i = 0; i < features.length; i++) {
            Double v = vector.get(features[i]);
            x[i] = v == null || !Double.isFinite(v) ? Float.NaN : v.floatValue();
        }
        return x;
    }

    /** The log-odds of fraud. */
    public double margin(float[] x) {
        double m = baseMargin;
        for (Tree t : trees) {
            m += t.value(x);
        }
        return m;
    }

    /** Each feature's SHAP value for this vector: {@code expectedMargin() + Σ shap = margin(x)}. */
    public double[] shap(float[] x) {
        double[] phi = new double[features.length];
        // One path per level of depth, reused: a child copies its parent's, and the parent's is
        // not changed until both children are done.
        Path[] levels = new Path[maxDepth + 2];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = new Path(maxDepth);
        }
        for (Tree t : trees) {
            recurse(t, x, phi, 0, levels, 0, 1, 1, -1);
        }
        return phi;
    }

    // ---- Tree SHAP (Lundberg et al. 2018, algorithm 2) ----

    /** The unique path of features so far, with the fractions of zero and one paths through it. */
    private static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;
        int length;

        Path(int capacity) {
            feature = new int[capacity + 2];
            zero = new double[capacity + 2];
            one = new double[capacity + 2];
            weight = new double[capacity + 2];
        }

        void copyFrom(Path p) {
            System.arraycopy(p.feature, 0, feature, 0, p.length);
            System.arraycopy(p.zero, 0, zero, 0, p.length);
            System.arraycopy(p.one, 0, one, 0, p.length);
            System.arraycopy(p.weight, 0, weight, 0, p.length);
            length = p.length;
        }

        void extend(double pz, double po, int pi) {
            int l = length;
            feature[l] = pi;
            zero[l] = pz;
            one[l] = po;
            weight[l] = l == 0 ? 1 : 0;
            for (int i = l - 1; i >= 0; i--) {
                weight[i + 1] += po * weight[i] * (i + 1) / (l + 1);
                weight[i] = pz * weight[i] * (l - i) / (l + 1);
            }
            length++;
        }

        void unwind(int i) {
            int l = length - 1;
            double n = weight[l];
            for (int j = l - 1; j >= 0; j--) {
                if (one[i] != 0) {
                    double t = weight[j];
                    weight[j] = n * (l + 1) / ((j + 1) * one[i]);
                    n = t - weight[j] * zero[i] * (l - j) / (l + 1);
                } else {
                    weight[j] = weight[j] * (l + 1) / (zero[i] * (l - j));
                }
            }
            for (int j = i; j < l; j++) {
                feature[j] = feature[j + 1];
                zero[j] = zero[j + 1];
                one[j] = one[j + 1];
            }
            length--;
        }

        double unwoundSum(int i) {
            int l = length - 1;
            double total = 0;
            if (one[i] != 0) {
                double n = weight[l];
                for (int j = l - 1; j >= 0; j--) {
                    double t = n * (l + 1) / ((j + 1) * one[i]);
                    total += t;
                    n = weight[j] - t * zero[i] * (l - j) / (l + 1);
                }
            } else {
                for (int j = l - 1; j >= 0; j--) {
                    total += weight[j] * (l + 1) / (zero[i] * (l - j));
                }
            }
            return total;
        }
    }

    private static void recurse(
            Tree t,
            float[] x,
            double[] phi,
            int node,
            Path[] levels,
            int level,
            double pz,
            double po,
            int pi) {
        Path m = levels[level + 1];
        if (level == 0) {
            m.length = 0;
        } else {
            m.copyFrom(levels[level]);
        }
        m.extend(pz, po, pi);
        if (t.leaf(node)) {
            double v = t.split[node];
            for (int i = 1; i < m.length; i++) {
                phi[m.feature[i]] += m.unwoundSum(i) * (m.one[i] - m.zero[i]) * v;
            }
            return;
        }
        int hot = t.next(node, x);
        int cold = hot == t.left[node] ? t.right[node] : t.left[node];
        int d = t.feature[node];
        double iz = 1;
        double io = 1;
        for (int k = 1; k < m.length; k++) {
            if (m.feature[k] == d) {
                iz = m.zero[k];
                io = m.one[k];
                m.unwind(k);
                break;
            }
        }
        double cover = t.cover[node];
        recurse(t, x, phi, hot, levels, level + 1, iz * t.cover[hot] / cover, io, d);
        recurse(t, x, phi, cold, levels, level + 1, iz * t.cover[cold] / cover, 0, d);
    }

    // ---- reading XGBoost's JSON ----

    /**
     * The ensemble of an XGBoost JSON model ({@code Booster.toByteArray("json")}) whose columns are
     * {@code features}. Refuses anything but numerical {@code binary:logistic} trees of matching
     * width, with one line naming what is wrong.
     */
    static TreeEnsemble of(JsonNode booster, List<String> features, String at)
            throws ModelConfig.Invalid {
        JsonNode learner = booster.path("learner");
        String objective = learner.path("objective").path("name").asText("");
        if (!objective.equals("binary:logistic")) {
            throw new ModelConfig.Invalid(
                    at + ": only binary:logistic models are read (got \"" + objective + "\")");
        }
        JsonNode param = learner.path("learner_model_param");
        int width = param.path("num_feature").asInt(-1);
        if (width != features.size()) {
            throw new ModelConfig.Invalid(
                    at
                            + ": the trees read "
                            + width
                            + " features, the model lists "
                            + features.size());
        }
        double base;
        try {
            base =
                    Double.parseDouble(
                            param.path("base_score").asText("").replace("[", "").replace("]", ""));
        } catch (NumberFormatException e) {
            throw new ModelConfig.Invalid(at + ": no base_score");
        }
        if (!(base > 0 && base < 1)) {
            throw new ModelConfig.Invalid(at + ": base_score must be a probability");
        }
        JsonNode list = learner.path("gradient_booster").path("model").path("trees");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_TREES) {
            throw new ModelConfig.Invalid(
                    at + ": expected 1 to " + MAX_TREES + " trees in gradient_booster.model.trees");
        }
        List<Tree> trees = new ArrayList<>();
        long nodes = 0;
        for (int i = 0; i < list.size(); i++) {
            Tree t = tree(list.get(i), width, at + ".trees[" + i + "]");
            nodes += t.left().length;
            if (nodes > MAX_TOTAL_NODES) {
                throw new ModelConfig.Invalid(
                        at + ": more than " + MAX_TOTAL_NODES + " nodes in all trees together");
            }
            trees.add(t);
        }
        return new TreeEnsemble(
                features.toArray(String[]::new),
                Math.log(base / (1 - base)),
                trees.toArray(Tree[]::new));
    }

    private static Tree tree(JsonNode t, int width, String at) throws ModelConfig.Invalid {
        int[] left = ints(t, "left_children", at);
        int n = left.length;
        if (n == 0 || n > MAX_NODES) {
            throw new ModelConfig.Invalid(at + ": a tree has 1 to " + MAX_NODES + " nodes");
        }
        int[] right = ints(t, "right_children", at);
        int[] feature = ints(t, "split_indices", at);
        int[] type = ints(t, "split_type", at);
        int[] defaultLeft = ints(t, "default_left", at);
        double[] split = doubles(t, "split_conditions", at);
        double[] cover = doubles(t, "sum_hessian", at);
        for (Object a : List.of(right, feature, type, defaultLeft)) {
            if (((int[]) a).length != n) {
                throw new ModelConfig.Invalid(at + ": its arrays differ in length");
            }
        }
        if (split.length != n || cover.length != n) {
            throw new ModelConfig.Invalid(at + ": its arrays differ in length");
        }
        boolean[] dl = new boolean[n];
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            boolean leaf = left[i] == -1;
            if (leaf != (right[i] == -1)) {
                throw new ModelConfig.Invalid(at + ": node " + i + " has one child");
            }
            // Children come after their parent: a path cannot loop.
            if (!leaf && (left[i] <= i || left[i] >= n || right[i] <= i || right[i] >= n)) {
                throw new ModelConfig.Invalid(at + ": node " + i + " has a child out of order");
            }
            if (!leaf && (feature[i] < 0 || feature[i] >= width || type[i] != 0)) {
                throw new ModelConfig.Invalid(
                        at + ": node " + i + " must split a listed feature by a number");
            }
            if (!Double.isFinite(split[i]) || !(cover[i] > 0) || !Double.isFinite(cover[i])) {
                throw new ModelConfig.Invalid(at + ": node " + i + " has no finite value or cover");
            }
            if (leaf && Math.abs(split[i]) > ScoringModel.MAX_CONTRIBUTION) {
                throw new ModelConfig.Invalid(at + ": leaf " + i + " is beyond any real model");
            }
            dl[i] = defaultLeft[i] != 0;
            s[i] = (float) split[i];
        }
        int depth = depth(left, right, 0);
        if (depth > MAX_DEPTH) {
            throw new ModelConfig.Invalid(
                    at + ": a tree " + depth + " deep (at most " + MAX_DEPTH + " are read)");
        }
        double expected = expectedValue(left, right, s, cover, 0);
        return new Tree(left, right, feature, s, dl, cover, expected, depth);
    }

    private static int depth(int[] left, int[] right, int n) {
        return left[n] < 0
                ? 1
                : 1 + Math.max(depth(left, right, left[n]), depth(left, right, right[n]));
    }

    /** The cover-weighted mean of the leaves under {@code n}. */
    private static double expectedValue(
            int[] left, int[] right, float[] split, double[] cover, int n) {
        if (left[n] < 0) {
            return split[n];
        }
        return (expectedValue(left, right, split, cover, left[n]) * cover[left[n]]
                        + expectedValue(left, right, split, cover, right[n]) * cover[right[n]])
                / (cover[left[n]] + cover[right[n]]);
    }

    private static int[] ints(JsonNode t, String field, String at) throws ModelConfig.Invalid {
        JsonNode a = t.get(field);
        if (a == null || !a.isArray()) {
            throw new ModelConfig.Invalid(at + ": no " + field);
        }
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).canConvertToInt()) {
                throw new ModelConfig.Invalid(at + "." + field + ": not whole numbers");
            }
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode t, String field, String at)
            throws ModelConfig.Invalid {
        JsonNode a = t.get(field);
        if (a == null || !a.isArray()) {
            throw new ModelConfig.Invalid(at + ": no " + field);
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new ModelConfig.Invalid(at + "." + field + ": not numbers");
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    @Override
    public String toString() {
        return "TreeEnsemble" + Arrays.asList(trees.length, features.length);
    }
}
