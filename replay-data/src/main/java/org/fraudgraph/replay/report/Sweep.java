package org.fraudgraph.replay.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds to evaluate in one run, from {@code score.review=FROM:TO:STEP}, e.g. {@code
 * score.review=0.5:0.95:0.05}.
 */
public record Sweep(String parameter, List<Double> thresholds) {
    public static final String REVIEW = "score.review";

    /**
     * Parses the flag's value; a bad one is an {@link IllegalArgumentException} with a one-line
     * message.
     */
    public static Sweep parse(String spec) {
        String[] parts = spec.split("=", 2);
        if (parts.length != 2 || !parts[0].equals(REVIEW)) {
            throw new IllegalArgumentException(
                    "--sweep takes "
                            + REVIEW
                            + "=FROM:TO:STEP, e.g. "
                            + REVIEW
                            + "=0.5:0.95:0.05; got '"
                            + spec
                            + "'");
        }
        String[] range = parts[1].split(":");
        if (range.length != 3) {
            throw new IllegalArgumentException(
                    "--sweep range must be FROM:TO:STEP, got '" + parts[1] + "'");
        }
        BigDecimal from;
        BigDecimal to;
        BigDecimal step;
        try {
            from = new BigDecimal(range[0]);
            to = new BigDecimal(range[1]);
            step = new BigDecimal(range[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--sweep range must be numbers, got '" + parts[1] + "'");
        }
        if (from.signum() < 0
                || to.compareTo(BigDecimal.ONE) > 0
                || from.compareTo(to) > 0
                || step.signum() <= 0) {
            throw new IllegalArgumentException(
                    "--sweep needs 0 <= FROM <= TO <= 1 and STEP > 0, got '" + parts[1] + "'");
        }
        List<Double> thresholds = new ArrayList<>();
        for (BigDecimal t = from; t.compareTo(to) <= 0; t = t.add(step)) {
            thresholds.add(t.doubleValue());
            if (thresholds.size() > 1_000) {
                throw new IllegalArgumentException(
                        "--sweep asks for more than 1,000 thresholds; take a larger STEP");
            }
        }
        return new Sweep(REVIEW, thresholds);
    }
}
