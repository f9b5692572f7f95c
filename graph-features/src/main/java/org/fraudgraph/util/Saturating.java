package org.fraudgraph.util;

/**
 * Sums that stop at {@link Long#MAX_VALUE} (or {@link Long#MIN_VALUE}) instead of wrapping round: a
 * week of forged payments near the largest amount must not turn an account's spending negative.
 *
 * <pre>{@code
 * total = Saturating.add(total, amountMinor);
 * }</pre>
 */
public final class Saturating {
    private Saturating() {}

    /** {@code a + b}, or the nearest end of the {@code long} range when that overflows. */
    public static long add(long a, long b) {
        long sum = a + b;
        // Overflow only when both have the sign the sum lacks.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
