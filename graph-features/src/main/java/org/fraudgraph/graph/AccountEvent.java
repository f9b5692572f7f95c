package org.fraudgraph.graph;

import java.util.Objects;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.fraudgraph.schema.Verdict;

/**
 * What one input event says about the account that acted: the common shape of the per-account
 * stage.
 *
 * <p>A mutable value with public fields and a no-argument constructor, so that stream processors
 * can serialize it field by field without reflection tricks. Build it with the {@code of(...)}
 * factories.
 */
public final class AccountEvent {
    /** Feedback on the account: none, confirmed fraud, or cleared. */
    public enum Feedback {
        NONE,
        CONFIRMED_FRAUD,
        CLEARED
    }

    public String eventId;
    public EventKind kind;
    public String accountId;
    public long eventTimeMillis;

    /**
     * Money the account spent or sent, in minor units: payments, instalment purchases and
     * transfers. Refunds and repayments bring money back and credit applications only ask for it,
     * so they count 0.
     */
    public long amountMinor;

    public Feedback feedback = Feedback.NONE;

    public AccountEvent() {}

    public AccountEvent(
            String eventId,
            EventKind kind,
            String accountId,
            long eventTimeMillis,
            long amountMinor,
            Feedback feedback) {
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.eventTimeMillis = eventTimeMillis;
        this.amountMinor = amountMinor;
        this.feedback = Objects.requireNonNull(feedback, "feedback");
    }

    public static AccountEvent of(TransactionEvent e) {
        return new AccountEvent(
                e.getEventId(),
                EventKind.TRANSACTION,
                e.getAccountId(),
                e.getEventTime().toEpochMilli(),
                isOutflow(e.getType()) ? e.getAmountMinor() : 0L,
                Feedback.NONE);
    }

    private static boolean isOutflow(TransactionType type) {
        return type == TransactionType.PAYMENT
                || type == TransactionType.INSTALMENT_PURCHASE
                || type == TransactionType.TRANSFER;
    }

    public static AccountEvent of(DeviceEvent e) {
        return new AccountEvent(
                e.getEventId(),
                EventKind.DEVICE,
                e.getAccountId(),
                e.getEventTime().toEpochMilli(),
                0L,
                Feedback.NONE);
    }

    public static AccountEvent of(ApplicationEvent e) {
        return new AccountEvent(
                e.getEventId(),
                EventKind.APPLICATION,
                e.getAccountId(),
                e.getEventTime().toEpochMilli(),
                0L,
                Feedback.NONE);
    }

    /** Feedback on an account; {@code null} when the verdict is about another kind of entity. */
    public static AccountEvent ofFeedback(FeedbackEvent e) {
        if (e.getEntityType() != EntityType.ACCOUNT) {
            return null;
        }
        Feedback feedback =
                e.getVerdict() == Verdict.CONFIRMED_FRAUD || e.getVerdict() == Verdict.CHARGEBACK
                        ? Feedback.CONFIRMED_FRAUD
                        : Feedback.CLEARED;
        return new AccountEvent(
                e.getEventId(),
                EventKind.FEEDBACK,
                e.getEntityId(),
                e.getEventTime().toEpochMilli(),
                0L,
                feedback);
    }

    public boolean isFeedback() {
        return kind == EventKind.FEEDBACK;
    }

    @Override
    public String toString() {
        return kind
                + " "
                + eventId
                + " account="
                + accountId
                + " t="
                + eventTimeMillis
                + " amount="
                + amountMinor;
    }
}
