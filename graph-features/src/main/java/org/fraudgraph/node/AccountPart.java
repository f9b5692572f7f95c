package org.fraudgraph.node;

import org.fraudgraph.schema.EventKind;

/**
 * The account's half of an event's feature vector: the event, the account's own features, and how
 * many node answers are still to come. Sent keyed by event id to where the answers meet it.
 *
 * <p>A mutable value with public fields and a no-argument constructor, for field-by-field
 * serialization between stream stages.
 */
public final class AccountPart {
    public String eventId;
    public EventKind kind;
    public String accountId;
    public long eventTimeMillis;

    /** {@link org.fraudgraph.graph.Keys#hash64} of the account id. */
    public long account;

    /** When the account was confirmed as fraud, 0 when it is not. */
    public long confirmedAtMillis;

    /** The account's features, as {@link org.fraudgraph.feature.FeatureCatalog} numbers. */
    public int[] ids = new int[0];

    public double[] values = new double[0];

    /** Node answers the event waits for. */
    public int answersExpected;

    /** Money the event spent or sent (minor units); 0 for other events. */
    public long amountMinor;

    /** The receiving account of a transfer, else {@code null}. */
    public String counterpartyId;

    public AccountPart() {}

    /** The value of one of the account's features by its catalogue number, or {@code NaN}. */
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
        return kind + " " + eventId + " account=" + accountId + " answers=" + answersExpected;
    }
}
