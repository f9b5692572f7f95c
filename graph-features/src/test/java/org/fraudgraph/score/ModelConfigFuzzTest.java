package org.fraudgraph.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer for the scoring-model parser (what arrives on the control topic):
 * character edits, hostile numbers and strings, deep nesting. Every mutant is either a model that
 * scores any feature vector into [0, 1], or refused with a short one-line reason. Fixed seed: the
 * same mutants on every run; a failure prints the mutant.
 */
@Tag("hostile")
class ModelConfigFuzzTest {
    private static final int MUTANTS = 20_000;
    private static final String[] HOSTILE_VALUES = {
        "1e400",
        "-1e400",
        "NaN",
        "-0",
        "1e-400",
        "99999999999999999999999",
        "\"x\"",
        "null",
        "true",
        "[]",
        "{}",
        "\"" + "A".repeat(100_000) + "\"",
        "\"A\\nB\"",
        "\"\\u0000\"",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    };
    private static final String ALPHABET = "{}[]\":,.-+0123456789eEaz \n\t\\/u";

    @Test
    void mutatedModelsParseIntoWorkingModelsOrAreRefusedInOneShortLine() throws Exception {
        String seed = builtInText();
        Random random = new Random(20261125L);
        int[] taken = {0};
        int[] refused = {0};
        assertTimeoutPreemptively(
                Duration.ofSeconds(120),
                () -> {
                    for (int i = 0; i < MUTANTS; i++) {
                        String mutant = mutate(seed, random);
                        try {
                            ScoringModel model = ModelConfig.parse(mutant);
                            taken[0]++;
                            FraudScore score =
                                    model.score(
                                            "e-" + i,
                                            EventKind.TRANSACTION,
                                            "acc-1",
                                            1_000L,
                                            randomFeatures(random));
                            assertThat(score.getScore()).isBetween(0.0, 1.0);
                            assertThat(score.getConfigVersion()).doesNotContain("\n");
                        } catch (ModelConfig.Invalid e) {
                            refused[0]++;
                            assertThat(e.getMessage())
                                    .as("reason for mutant %d", i)
                                    .isNotBlank()
                                    .doesNotContain("\n")
                                    .hasSizeLessThan(300);
                        } catch (Throwable t) {
                            fail("mutant " + i + " threw " + t + ": " + clip(mutant), t);
                        }
                    }
                });
        assertThat(taken[0]).as("mutants still taken").isGreaterThan(100);
        assertThat(refused[0]).as("mutants refused").isGreaterThan(MUTANTS / 2);
    }

    @Test
    void aDeeplyNestedOrHugeModelIsRefusedNotAStackOverflow() {
        String deep = "{\"version\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> {
                    try {
                        ModelConfig.parse(deep);
                        fail("a 200,000-deep model was taken");
                    } catch (ModelConfig.Invalid e) {
                        assertThat(e.getMessage())
                                .startsWith("not valid JSON")
                                .hasSizeLessThan(300);
                    }
                });
    }

    private static Map<String, Double> randomFeatures(Random random) {
        Map<String, Double> features = new HashMap<>();
        double[] values = {0, 1, -1, 1e308, -1e308, Double.NaN, Double.POSITIVE_INFINITY, 0.5};
        for (String name : FeatureCatalog.names()) {
            if (random.nextBoolean()) {
                features.put(name, values[random.nextInt(values.length)]);
            }
        }
        return features;
    }

    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && s.length() > 0; r++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 3 -> {
                    int len = Math.min(s.length() - at, 1 + random.nextInt(40));
                    s.insert(at, s.substring(at, at + len));
                }
                case 4 -> {
                    int len = Math.min(s.length() - at, 1 + random.nextInt(40));
                    s.delete(at, at + len);
                }
                default -> replaceAValue(s, random);
            }
        }
        return s.toString();
    }

    /** Replaces the value after a random ':' with a hostile one. */
    private static void replaceAValue(StringBuilder s, Random random) {
        int colon = s.indexOf(":", random.nextInt(s.length()));
        if (colon < 0) {
            return;
        }
        int end = colon + 1;
        while (end < s.length() && ",}]\n".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        s.replace(colon + 1, end, " " + HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)]);
    }

    private static String builtInText() throws IOException {
        try (InputStream in = ModelConfig.class.getResourceAsStream("default-model.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String clip(String s) {
        return s.length() <= 2_000 ? s : s.substring(0, 2_000) + "… (" + s.length() + " chars)";
    }
}
