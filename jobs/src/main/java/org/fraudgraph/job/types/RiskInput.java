package org.fraudgraph.job.types;

import org.fraudgraph.risk.RiskSignal;
import org.fraudgraph.schema.FraudScore;

/**
 * What reaches the risk stage, keyed by account: a score from the feature join, or a signal (a case
 * version of a member, money from a risky sender). Exactly one of the two is set.
 */
public final class RiskInput {
    public FraudScore score;
    public RiskSignal signal;

    public RiskInput() {}

    public static RiskInput of(FraudScore score) {
        RiskInput in = new RiskInput();
        in.score = score;
        return in;
    }

    public static RiskInput of(RiskSignal signal) {
        RiskInput in = new RiskInput();
        in.signal = signal;
        return in;
    }

    /** The account this is about (the risk stage's key). */
    public String accountId() {
        return score != null ? score.getEntityId() : signal.accountId;
    }

    /** Event time: the score's event, or the signal's. */
    public long timeMillis() {
        return score != null ? score.getEventTime().toEpochMilli() : signal.timeMillis;
    }
}
