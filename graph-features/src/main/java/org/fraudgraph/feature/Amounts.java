package org.fraudgraph.feature;

/**
 * What an amount looks like in any currency. Amounts arrive in the platform's minor unit (fen,
 * cents, yen), and nothing here depends on which or on what the unit is worth: a round amount is
 * round in every currency whose minor unit is a power of ten of another's.
 */
public final class Amounts {
    /**
     * Less than this share below a round number is "near" it: a credit line of 5,000.00 drawn as
     * 4,990.00 or 4,999.00 to stay under the limit, or a price of 1,999.00.
     */
    public static final double NEAR = 0.01;

    private Amounts() {}

    /**
     * Whether a person chose this amount rather than a price list: a multiple of a power of ten
     * with at most two significant digits (2,000.00; 1,500.00; 30,000.00), or within {@value #NEAR}
     * below a number with one (4,990.00 and 4,999.00 below 5,000.00); never an amount of fewer than
     * three digits. Relative to the amount's own size, so it holds in any currency; how large a
     * round amount must be to matter is the caller's question, asked against a baseline (the
     * account's own amounts, a merchant's share).
     */
    public static boolean round(long amountMinor) {
        if (amountMinor < 100 || amountMinor > Long.MAX_VALUE / 10) {
            // Two digits are round by nature and tell nothing; beyond the bound nothing is real.
            return false;
        }
        long power = 1;
        while (amountMinor / power >= 10) {
            power *= 10;
        }
        if (amountMinor % (power / 10) == 0) {
            return true;
        }
        long above = (amountMinor / power + 1) * power;
        return above - amountMinor < NEAR * above;
    }
}
