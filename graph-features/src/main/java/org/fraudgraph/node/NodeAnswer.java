package org.fraudgraph.node;

/**
 * What a node tells one event about itself: its one-hop features (see {@link
 * org.fraudgraph.feature.FeatureCatalog}), the accounts it links for the two-hop union, its taint
 * and the edge-burst score. Sent back keyed by event id and merged with the event's other answers.
 *
 * <p>A mutable value with public fields and a no-argument constructor, for field-by-field
 * serialization between stream stages.
 */
public final class NodeAnswer {
    public String eventId;

    /**
     * The asking account's key ({@code Keys.hash64} of its id): an event id is unique per account,
     * not across accounts, so the join waits on the event id and the account together. 0 in answers
     * written before format 3 of the answer.
     */
    public long account;

    /** Node key of the answering node. */
    public String node;

    /**
     * The answer to a {@link EdgeRequest.Op#QUERY}: no one-hop features, only two-hop and taint.
     */
    public boolean query;

    /** One-hop features, as {@link org.fraudgraph.feature.FeatureCatalog} numbers, and values. */
    public int[] ids = new int[0];

    public double[] values = new double[0];

    /**
     * The accounts linked through this node in 7 d, for the two-hop union; empty when the node is
     * not an identity node or has more accounts than the two-hop sample.
     */
    public long[] accounts = new long[0];

    /** Accounts other than the event's own linked through this node in 7 d (and in 24 h). */
    public int others7d;

    public int others24h;

    /**
     * Another account used this node in the 7 days up to the node's latest event. Live, an event
     * can reach a node after later ones (partitions deliver in their own order); its {@code
     * others7d} counts only accounts up to its own time, but the node is shared all the same, and
     * the ring stage links it.
     */
    public boolean shared;

    /**
     * Hops from the event's account to the nearest confirmed fraud seen through this node: 1 when
     * the node itself is confirmed, 2 when an account using it is; 0 when neither.
     */
    public int taintDistance;

    /** Age of that confirmation at the event's time, millis. */
    public long taintAgeMillis;

    /**
     * When this event made an identity node shared (its second account in 7 days): the first
     * account's latest use of the node, handed over once so the ring stage links both; else {@code
     * null}.
     */
    public Use firstUse;

    /**
     * When this payment made a merchant's round share reach {@link NodeState#ROUND_MERCHANT_SHARE}:
     * the round payments it took in the 7 days before while below it (at most {@link
     * NodeState#ROUND_PAYMENTS_KEPT}, the latest), handed over once so the ring stage judges them
     * as it judges the payments from now on; else empty.
     */
    public Use[] roundPayments = NO_USES;

    /** MIDAS-R score of the edge (the largest of the edge's and this node's statistics). */
    public double burst;

    public NodeAnswer() {}

    /** No uses handed over. */
    public static final Use[] NO_USES = new Use[0];

    /**
     * An account's use of a node: which account, in which event, when, when the job saw the account
     * register (0 when it did not) and the money paid (0 for an identity node).
     */
    public record Use(
            String accountId,
            String eventId,
            long timeMillis,
            long registeredMillis,
            long amountMinor) {}

    /** The value of a one-hop feature, or {@code NaN} when this answer does not have it. */
    public double value(String name) {
        return value(org.fraudgraph.feature.FeatureCatalog.id(name));
    }

    /** The value of a one-hop feature by its catalogue number, or {@code NaN}. */
    public double value(int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    @Override
    public String toString() {
        return node + (query ? " (query)" : "") + " event=" + eventId;
    }
}
