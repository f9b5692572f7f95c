package org.fraudgraph.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trees built by hand in XGBoost's JSON: what is read, and what would cost too much is not. */
class TreeEnsembleTest {
    /**
     * A model of one chain tree {@code splits} deep on {@code device.accounts_24h}: each split
     * sends values below {@code i + 1} to a leaf of {@code -0.1}, the last leaf is {@code +0.1 ×
     * splits}.
     */
    static String chain(int splits, int trees) {
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        StringBuilder feature = new StringBuilder();
        StringBuilder split = new StringBuilder();
        StringBuilder zeros = new StringBuilder();
        StringBuilder cover = new StringBuilder();
        int n = 2 * splits + 1;
        for (int i = 0; i < n; i++) {
            String sep = i == 0 ? "" : ",";
            boolean inner = i % 2 == 0 && i < 2 * splits;
            left.append(sep).append(inner ? i + 1 : -1);
            right.append(sep).append(inner ? i + 2 : -1);
            feature.append(sep).append(0);
            split.append(sep).append(inner ? (i / 2 + 1) : i == n - 1 ? 0.1 * splits : -0.1);
            zeros.append(sep).append(0);
            // A node covers the leaves under it, as a parent covers its children together.
            cover.append(sep).append(inner ? splits - i / 2 + 1 : 1);
        }
        String tree =
                "{\"left_children\":["
                        + left
                        + "],\"right_children\":["
                        + right
                        + "],\"split_indices\":["
                        + feature
                        + "],\"split_type\":["
                        + zeros
                        + "],\"default_left\":["
                        + zeros
                        + "],\"split_conditions\":["
                        + split
                        + "],\"sum_hessian\":["
                        + cover
                        + "]}";
        return model(tree, trees);
    }

    /** A model of {@code trees} full binary trees {@code depth} deep (2^depth − 1 nodes each). */
    static String full(int depth, int trees) {
        int n = (1 << depth) - 1;
        int firstLeaf = (1 << (depth - 1)) - 1;
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        StringBuilder zeros = new StringBuilder();
        StringBuilder split = new StringBuilder();
        StringBuilder cover = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String sep = i == 0 ? "" : ",";
            boolean inner = i < firstLeaf;
            left.append(sep).append(inner ? 2 * i + 1 : -1);
            right.append(sep).append(inner ? 2 * i + 2 : -1);
            zeros.append(sep).append(0);
            split.append(sep).append(inner ? i : 0.01);
            cover.append(sep).append(1 << (depth - 1 - (31 - Integer.numberOfLeadingZeros(i + 1))));
        }
        String tree =
                "{\"left_children\":["
                        + left
                        + "],\"right_children\":["
                        + right
                        + "],\"split_indices\":["
                        + zeros
                        + "],\"split_type\":["
                        + zeros
                        + "],\"default_left\":["
                        + zeros
                        + "],\"split_conditions\":["
                        + split
                        + "],\"sum_hessian\":["
                        + cover
                        + "]}";
        return model(tree, trees);
    }

    private static String model(String tree, int trees) {
        StringBuilder list = new StringBuilder();
        for (int t = 0; t < trees; t++) {
            list.append(t == 0 ? "" : ",").append(tree);
        }
        return "{\"format\":\"fraudgraph-trees-1\",\"version\":\"hand-made\","
                + "\"features\":[\"device.accounts_24h\"],"
                + "\"thresholds\":{\"review\":0.5,\"block\":0.9},"
                + "\"booster\":{\"learner\":{\"objective\":{\"name\":\"binary:logistic\"},"
                + "\"learner_model_param\":{\"num_feature\":\"1\",\"base_score\":\"[5E-1]\"},"
                + "\"gradient_booster\":{\"model\":{\"trees\":["
                + list
                + "]}}}}}";
    }

    @Test
    void aChainTreeScoresAlongItsPathAndItsShapValuesAddUp() throws Exception {
        ScoringModel model = ModelConfig.parse(chain(15, 1));
        TreeEnsemble trees = model.trees();
        float[] deep = trees.columns(Map.of("device.accounts_24h", 40.0));
        float[] shallow = trees.columns(Map.of("device.accounts_24h", 0.0));
        // base_score 0.5 is a margin of 0.
        assertThat(trees.margin(deep)).isCloseTo(1.5, within(1e-6));
        assertThat(trees.margin(shallow)).isCloseTo(-0.1, within(1e-6));
        for (float[] x : new float[][] {deep, shallow}) {
            assertThat(trees.expectedMargin() + trees.shap(x)[0])
                    .isCloseTo(trees.margin(x), within(1e-6));
        }
    }

    @Test
    void treesTooDeepOrTooManyNodesAreRefusedBeforeTheyCostAnything() throws Exception {
        assertThatThrownBy(() -> ModelConfig.parse(chain(17, 1)))
                .isInstanceOf(ModelConfig.Invalid.class)
                .hasMessageContaining("booster.trees[0]: a tree 18 deep (at most 16 are read)");
        assertThatThrownBy(() -> ModelConfig.parse(chain(3, 5_001)))
                .hasMessageContaining("expected 1 to 5000 trees");
        // Trees of 4,095 nodes each: 122 are read, 123 are more nodes than the bound.
        assertThat(ModelConfig.parse(full(12, 122)).trees().size()).isEqualTo(122);
        assertThatThrownBy(() -> ModelConfig.parse(full(12, 123)))
                .hasMessageContaining("more than 500000 nodes in all trees together");
    }
}
