package org.fraudgraph.feature;

import java.util.Arrays;

/**
 * A count-min sketch of real-valued counts: {@code rows} hash rows of {@code columns} counters; an
 * estimate is the smallest of a key's counters, never below its true count (Cormode and
 * Muthukrishnan, "An improved data stream summary: the count-min sketch and its applications", J.
 * Algorithms 2005). Memory {@code rows * columns} doubles; update and query O(rows). Supports
 * scaling every counter, for decayed counts.
 */
public final class CountMinSketch {
    private final int rows;
    private final int columns;
    private final double[] counts;
    private final long[] seeds;

    public CountMinSketch(int rows, int columns, long seed) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException(
                    "need at least one row and one column, got " + rows + " x " + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.counts = new double[rows * columns];
        this.seeds = new long[rows];
        long s = seed;
        for (int r = 0; r < rows; r++) {
            s = mix(s + 0x9E3779B97F4A7C15L);
            seeds[r] = s;
        }
    }

    /** Adds {@code amount} to {@code key} and returns the key's new estimate. */
    public double add(long key, double amount) {
        double estimate = Double.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            int i = r * columns + bucket(key, r);
            counts[i] += amount;
            estimate = Math.min(estimate, counts[i]);
        }
        return estimate;
    }

    public double estimate(long key) {
        double estimate = Double.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            estimate = Math.min(estimate, counts[r * columns + bucket(key, r)]);
        }
        return estimate;
    }

    /** Multiplies every counter by {@code factor} (0 clears the sketch). */
    public void scale(double factor) {
        if (factor == 0) {
            Arrays.fill(counts, 0);
            return;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] *= factor;
        }
    }

    private int bucket(long key, int row) {
        return (int) Long.remainderUnsigned(mix(key ^ seeds[row]), columns);
    }

    /** SplitMix64's finaliser: a fast, well-mixing 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
