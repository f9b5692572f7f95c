package org.fraudgraph.risk;

/**
 * Risk that reaches an account from elsewhere in the graph, for the risk stage ({@link
 * AccountRisk}): the account is a member of a ring case (a new version of it, open or ended), or it
 * received money from an account that was flagged, confirmed as fraud, or is itself a member of an
 * open case.
 *
 * <p>A mutable value with public fields and a no-argument constructor, for field-by-field
 * serialization between stream stages.
 */
public final class RiskSignal {
    /** What reached the account. */
    public enum Kind {
        /** A version of a ring case the account is a member of. */
        CASE,
        /** Money received from a risky sender. */
        TAINT
    }

    /** Why a sender's money is tainted. */
    public enum Source {
        /** The transfer itself was scored REVIEW or BLOCK. */
        FLAGGED,
        /** The sender is confirmed as fraud (an investigator's verdict). */
        CONFIRMED,
        /** The sender is a member of an open ring case. */
        CASE_MEMBER
    }

    public Kind kind;

    /** The account the signal is about (the risk stage's key). */
    public String accountId;

    /** Event time: of the case version's link, or of the transfer. */
    public long timeMillis;

    /** CASE: the case; TAINT: the sender's case when the source is CASE_MEMBER, else null. */
    public String caseId;

    /** CASE: the case's score in [0, 1]. */
    public double caseScore;

    /** CASE: the case is open (false: closed, dismissed, merged or expired). */
    public boolean open;

    /** TAINT: the sending account. */
    public String fromAccountId;

    /** TAINT: the amount received. */
    public long amountMinor;

    /** TAINT: why the money is tainted. */
    public Source source;

    public RiskSignal() {}

    /** A version of case {@code caseId} reaching one of its member accounts. */
    public static RiskSignal caseVersion(
            String accountId, long timeMillis, String caseId, double score, boolean open) {
        RiskSignal s = new RiskSignal();
        s.kind = Kind.CASE;
        s.accountId = accountId;
        s.timeMillis = timeMillis;
        s.caseId = caseId;
        s.caseScore = score;
        s.open = open;
        return s;
    }

    /** Money from {@code fromAccountId} reaching {@code accountId}. */
    public static RiskSignal taint(
            String accountId,
            long timeMillis,
            String fromAccountId,
            long amountMinor,
            Source source,
            String caseId) {
        RiskSignal s = new RiskSignal();
        s.kind = Kind.TAINT;
        s.accountId = accountId;
        s.timeMillis = timeMillis;
        s.fromAccountId = fromAccountId;
        s.amountMinor = amountMinor;
        s.source = source;
        s.caseId = caseId;
        return s;
    }

    @Override
    public String toString() {
        return kind == Kind.CASE
                ? "case " + caseId + (open ? " open " : " ended ") + caseScore + " → " + accountId
                : "taint " + source + " " + fromAccountId + " → " + accountId;
    }
}
