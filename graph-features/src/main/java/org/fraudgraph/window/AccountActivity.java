package org.fraudgraph.window;

import java.time.Duration;

/**
 * Everything the per-account stage remembers about one account: its rolling activity and whether
 * feedback confirmed it as fraud. Bounded by {@link RollingCounter}'s bound.
 *
 * <p>A mutable value with public fields and a no-argument constructor, for field-by-field
 * serialization.
 */
public final class AccountActivity {
    public RollingCounter counter = new RollingCounter();

    /** Event time of the confirming feedback, or 0 when the account is not confirmed fraud. */
    public long confirmedFraudAtMillis;

    /** Latest event time seen, for the clean-up timer. */
    public long lastEventMillis = Long.MIN_VALUE;

    public AccountActivity() {}

    public RollingCounter.Totals record(
            long timeMillis, long amountMinor, Duration window, Duration bucket) {
        lastEventMillis = Math.max(lastEventMillis, timeMillis);
        return counter.add(timeMillis, amountMinor, window, bucket);
    }

    public boolean confirmedFraud() {
        return confirmedFraudAtMillis != 0;
    }
}
