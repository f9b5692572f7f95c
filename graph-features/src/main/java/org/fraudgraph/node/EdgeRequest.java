package org.fraudgraph.node;

/**
 * One edge of an event, sent to the node at its non-account end: "account {@code account} touched
 * node {@code node} at this time in event {@code eventId}". The node updates its state and answers
 * with a {@link NodeAnswer} (except for the verdict operations, which answer nothing).
 *
 * <p>A mutable value with public fields and a no-argument constructor, for field-by-field
 * serialization between stream stages.
 */
public final class EdgeRequest {
    /** What the node does with the request. */
    public enum Op {
        /** The event touched this node: count it, then answer. */
        UPDATE,
        /**
         * The event's account is known to use this node, but the event did not mention it: answer
         * the two-hop and taint questions without counting.
         */
        QUERY,
        /** An account that used this node was confirmed as fraud: the node is one hop from it. */
        TAINT,
        /** A verdict confirmed this node itself (a device, a phone...) as fraud. */
        CONFIRM,
        /** A verdict cleared this node: its own confirmation and any taint are dropped. */
        CLEAR
    }

    /** Node key, {@link org.fraudgraph.graph.NodeKind#key}. */
    public String node;

    public String eventId;
    public long eventTimeMillis;

    /** {@link org.fraudgraph.graph.Keys#hash64} of the account id. */
    public long account;

    /**
     * The account id itself, on updates of identity nodes and merchants only (for the uses a node
     * hands over, see {@link NodeAnswer#firstUse} and {@link NodeAnswer#roundPayments}); {@code
     * null} otherwise.
     */
    public String accountId;

    /**
     * When the job saw the account register (0 when it did not), sent with {@link #accountId}: a
     * use handed over is new to the ring stage by the same rule as the account's own links.
     */
    public long registeredMillis;

    public Op op = Op.UPDATE;

    /** The event is a credit application (counts in the node's applications). */
    public boolean application;

    /** Money spent or sent in the event, minor units (merchant round-amount share). */
    public long amountMinor;

    /**
     * The amount is round and above the payer's usual range (see {@code
     * AccountState#roundAndLarge}): what a merchant's {@code merchant.large_round_share_7d} counts.
     */
    public boolean largeRound;

    /**
     * A payment of a round amount at least the payer's typical one (the account's {@code
     * payment.round_amount}): a ring link when the merchant's round share is high, and kept by the
     * merchant while it is not (see {@link NodeAnswer#roundPayments}).
     */
    public boolean roundPayment;

    /** The account is younger than the new-account age (merchant new-buyer share). */
    public boolean newAccount;

    /** The device reported itself an emulator / rooted (device nodes). */
    public boolean emulator;

    public boolean rooted;

    /**
     * When the event's account was confirmed as fraud, 0 if it is not: its edges taint the nodes
     * they touch.
     */
    public long accountConfirmedMillis;

    public EdgeRequest() {}

    public static EdgeRequest of(
            Op op, String node, String eventId, long timeMillis, long account) {
        EdgeRequest r = new EdgeRequest();
        r.op = op;
        r.node = node;
        r.eventId = eventId;
        r.eventTimeMillis = timeMillis;
        r.account = account;
        return r;
    }

    /** True when the node answers this request. */
    public boolean answered() {
        return op == Op.UPDATE || op == Op.QUERY;
    }

    @Override
    public String toString() {
        return op + " " + node + " event=" + eventId + " t=" + eventTimeMillis;
    }
}
