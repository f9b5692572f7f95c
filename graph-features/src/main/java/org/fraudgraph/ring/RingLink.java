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
        TRANSFERS_TO
    }

    public Relation relation;
    public String accountId;

    /**
     * Node key ({@code DEVICE:…}, {@code MERCHANT:…}) or, for a transfer, the receiving account.
     */
    public String target;

    public String eventId;
    public long timeMillis;
    public long amountMinor;

    /** The device reported itself an emulator or rooted (device links only). */
    public boolean emulator;

    /** The event's score. */
    public double score;

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
        l.amountMinor = amountMinor;
        return l;
    }

    @Override
    public String toString() {
        return accountId + " " + relation + " " + target + " @" + timeMillis + " (" + eventId + ")";
    }
}
