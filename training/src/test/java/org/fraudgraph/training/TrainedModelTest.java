package org.fraudgraph.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.score.ModelConfig;
import org.fraudgraph.score.ScoringModel;
import org.fraudgraph.score.TreeEnsemble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model {@code train} writes, read back the way the job reads it: the plain-Java trees give
 * XGBoost's own margins and SHAP values, and the score's reasons are the features that pushed it.
 */
class TrainedModelTest {
    private static final List<String> FEATURES =
            List.of("device.accounts_24h", "account.registered_days_ago", "event.amount_relative");
    private static TrainingSet set;
    private static ModelFit fit;

    @BeforeAll
    static void fit() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        set = TrainingSet.empty(FEATURES);
        for (int i = 0; i < 4_000; i++) {
            boolean fraud = random.nextInt(15) == 0;
            Map<String, Double> f = new HashMap<>();
            if (random.nextInt(8) > 0) {
                f.put(
                        "device.accounts_24h",
                        (double) (fraud ? 4 + random.nextInt(30) : random.nextInt(5)));
            }
            if (fraud || random.nextInt(4) == 0) {
                f.put("account.registered_days_ago", random.nextDouble() * (fraud ? 2 : 7));
            }
            f.put("event.amount_relative", Math.exp(random.nextGaussian()));
            set.add(f, fraud, "a" + i, "account:a" + i, 0);
        }
        fit = ModelFit.fit(set, set.all(), 5);
    }

    private static ObjectNode modelFile() throws Exception {
        return Training.modelFile("trained-test", FEATURES, 0.5, 0.9, fit.json());
    }

    @Test
    void thePlainJavaTreesGiveXgboostsMarginsAndShapValues() throws Exception {
        ScoringModel model = ModelConfig.parse(modelFile().toString());
        TreeEnsemble trees = model.trees();
        assertThat(trees.size()).isEqualTo(ModelFit.ROUNDS);
        int[] rows = new int[200];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i * 17;
        }
        float[][][] xgb = fit.marginsAndContributions(set, rows);
        float[] values = set.values(rows);
        for (int r = 0; r < rows.length; r++) {
            float[] x = java.util.Arrays.copyOfRange(values, r * 3, r * 3 + 3);
            double margin = trees.margin(x);
            assertThat(margin).as("row %d", rows[r]).isCloseTo(xgb[0][r][0], within(1e-3));
            double[] shap = trees.shap(x);
            double sum = trees.expectedMargin();
            for (int f = 0; f < 3; f++) {
                assertThat(shap[f])
                        .as("row %d feature %d", rows[r], f)
                        .isCloseTo(xgb[1][r][f], within(2e-3));
                sum += shap[f];
            }
            // XGBoost's last column is the expected value.
            assertThat(trees.expectedMargin()).isCloseTo(xgb[1][r][3], within(2e-3));
            assertThat(sum).isCloseTo(margin, within(1e-6));
        }
    }

    @Test
    void anAlertCarriesTheFeaturesThatPushedItAndTheBuiltInRulesStillHold() throws Exception {
        ScoringModel model = ModelConfig.parse(modelFile().toString());
        FraudScore farm =
                model.score(
                        "e1",
                        EventKind.DEVICE,
                        "acc-1",
                        0,
                        Map.of("device.accounts_24h", 25.0, "account.registered_days_ago", 0.2));
        assertThat(farm.getDecision()).isNotEqualTo(Decision.ALLOW);
        assertThat(farm.getConfigVersion()).isEqualTo("trained-test");
        assertThat(farm.getReasons()).isNotEmpty();
        assertThat(farm.getReasons().get(0).getCode())
                .isIn("DEVICE_ACCOUNTS_24H", "ACCOUNT_REGISTERED_DAYS_AGO");
        assertThat(farm.getReasons()).allMatch(r -> r.getContribution() > 0);
        assertThat(farm.getReasons().get(0).getDetail()).matches("[a-z_.0-9]+ (= .+|absent)");
        FraudScore quiet =
                model.score("e2", EventKind.DEVICE, "acc-2", 0, Map.of("device.accounts_24h", 1.0));
        assertThat(quiet.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(quiet.getReasons()).isEmpty();
        FraudScore confirmed =
                model.score(
                        "e3",
                        EventKind.DEVICE,
                        "acc-3",
                        0,
                        Map.of("device.accounts_24h", 1.0, "account.confirmed_fraud", 1.0));
        assertThat(confirmed.getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(confirmed.getReasons().get(0).getCode()).isEqualTo("CONFIRMED_FRAUD");
    }

    @Test
    void aBrokenOrForeignModelIsRefusedWithOneLineNamingTheField() throws Exception {
        ObjectNode unknown = modelFile();
        ((com.fasterxml.jackson.databind.node.ArrayNode) unknown.get("features"))
                .set(0, "no.such_feature");
        assertThatThrownBy(() -> ModelConfig.parse(unknown.toString()))
                .isInstanceOf(ModelConfig.Invalid.class)
                .hasMessageContaining("features[0]: unknown feature");
        ObjectNode narrow = modelFile();
        ((com.fasterxml.jackson.databind.node.ArrayNode) narrow.get("features")).remove(2);
        assertThatThrownBy(() -> ModelConfig.parse(narrow.toString()))
                .hasMessageContaining("the trees read 3 features, the model lists 2");
        ObjectNode looping = modelFile();
        ObjectNode tree =
                (ObjectNode) looping.at("/booster/learner/gradient_booster/model/trees/0");
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("left_children")).set(0, 0);
        assertThatThrownBy(() -> ModelConfig.parse(looping.toString()))
                .hasMessageContaining("booster.trees[0]: node 0 has a child out of order");
        ObjectNode regression = modelFile();
        ((ObjectNode) regression.at("/booster/learner/objective")).put("name", "reg:squarederror");
        assertThatThrownBy(() -> ModelConfig.parse(regression.toString()))
                .hasMessageContaining("only binary:logistic");
        ObjectNode extra = modelFile();
        extra.put("bias", 1);
        assertThatThrownBy(() -> ModelConfig.parse(extra.toString())).hasMessageContaining("bias");
    }
}
