package org.fraudgraph.ring;

/**
 * One suspicious link for the ring stage: an account and a shared node (device, phone, contact, id
 * number, card, address) that other accounts also used, a payment of a round or near-limit amount
 * to a merchant that takes many of them, or a large transfer to another account.
 *
 * <p>A mutable value with public fields and a no-argument constructor, for field-by-field
 * serialization between stream stages.
 */
public final class RingLink {
    /** What the link says. */
    public enum Relation {
        USES_DEVICE,
        GAVE_PHONE,
        GAVE_CONTACT,
        GAVE_ID_NUMBER,
        GAVE_ADDRESS,
        USES_CARD,
        PAYS,
        TRANSFERS_TO,
        /**
         * The account's emulator connected from an IP /24 that other accounts used in 24 h: a farm
         * runs its emulators behind one proxy network, so this joins a farm's devices into one ring
         * before each device is shared.
         */
        EMULATOR_NETWORK,
        /**
         * Not a link: an analyst's false-positive or cleared verdict on the case {@link #target}
         * (about member {@link #accountId}). The case closes, and its accounts open no case again
         * within the window unless accounts outside it join them.
         */
        CASE_DISMISSED
    }

    public Relation relation;
    public String accountId;

    /**
     * Node key ({@code DEVICE:…}, {@code MERCHANT:…}) or, for a transfer, the receiving account.
     */
    public String target;

    public String eventId;
    public long timeMillis;

    /**
     * Event time of the event that reported the link: {@link #timeMillis} itself, or later for a
     * node's first use handed over when a second account arrived. The ring stage orders links by
     * it, so a replay applies them in the same order whatever the arrival order.
     */
    public long reportedMillis;

    public long amountMinor;

    /** The device reported itself an emulator or rooted (device links only). */
    public boolean emulator;

    /**
     * The job saw the account register within the ring window ({@code false} when it did not, and
     * for a first use handed over by a node, where it is not known).
     */
    public boolean newAccount;

    /** The event's score. */
    public double score;

    /**
     * A transfer the model held (scored REVIEW or BLOCK) from an account not confirmed as fraud
     * before it: money this event makes suspect, as likely stolen as not (transfers only).
     */
    public boolean held;

    /** The event behind the link, as the case will show it; {@code null} when not known. */
    public Evidence evidence;

    public RingLink() {}

    public static RingLink of(
            Relation relation,
            String accountId,
            String target,
            String eventId,
            long timeMillis,
            long amountMinor) {
        RingLink l = new RingLink();
        l.relation = relation;
        l.accountId = accountId;
        l.target = target;
        l.eventId = eventId;
        l.timeMillis = timeMillis;
        l.reportedMillis = timeMillis;
        l.amountMinor = amountMinor;
        return l;
    }

    @Override
    public String toString() {
        return accountId + " " + relation + " " + target + " @" + timeMillis + " (" + eventId + ")";
    }
}
