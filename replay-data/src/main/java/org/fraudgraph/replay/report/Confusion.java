package org.fraudgraph.replay.report;

/**
 * Counts of a binary decision against the truth, and the measures derived from them. A measure
 * whose denominator is zero is 0 (nothing predicted: precision 0; nothing to find: recall 0).
 */
public record Confusion(long truePositives, long falsePositives, long falseNegatives) {
    public double precision() {
        long predicted = truePositives + falsePositives;
        return predicted == 0 ? 0 : (double) truePositives / predicted;
    }

    public double recall() {
        long actual = truePositives + falseNegatives;
        return actual == 0 ? 0 : (double) truePositives / actual;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
