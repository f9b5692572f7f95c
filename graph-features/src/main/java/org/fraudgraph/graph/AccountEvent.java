package org.fraudgraph.graph;

import java.util.Objects;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;

/**
 * What one input event says about the account that acted: the common shape of the per-account
 * stage.
 *
 * <p>A mutable value with public fields and a no-argument constructor, so that stream processors
 * can serialize it field by field without reflection tricks. Build it with the {@code of(...)}
 * factories.
 */
public final class AccountEvent {
    /**
     * Feedback on the account: none, confirmed fraud, cleared, or disputed. Appended only: the
     * pipeline's serializer writes the ordinal.
     */
    public enum Feedback {
        NONE,
        CONFIRMED_FRAUD,
        CLEARED,
        /**
         * A chargeback on an account: its owner disputes what was done from it. That says the
         * account was used by someone else (a takeover) as often as that its owner is a fraudster,
         * so it neither marks nor clears the account; an investigator's verdict does.
         */
        DISPUTED
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

    /** The event's own type: {@code PAYMENT}, {@code REGISTER}, {@code CREDIT_APPLICATION}... */
    public String subtype = "";

    /**
     * The nodes the event ties the account to, as node keys ({@link NodeKind#key}): its device, IP
     * and /24, merchant, bank card, phone, id number, address, employer and contact phones. Each is
     * one edge of the entity graph.
     */
    public String[] nodes = new String[0];

    /** City of the event (from IP or GPS), or {@code null}. */
    public String city;

    /** The device said it is an emulator / rooted (device events). */
    public boolean emulator;

    public boolean rooted;

    /** The receiving account of a transfer, else {@code null}. */
    public String counterpartyId;

    /**
     * How far (ms) behind the job's event time the event arrived, when it came later than the
     * allowed lateness; it is then counted and scored at the job's event time instead of its own.
     * Set by the account stage just before it applies the event; not carried between stages.
     */
    public long lateByMillis;

    /**
     * How far (ms) the event's own time was ahead of the time the job trusts for it (its arrival at
     * the broker); it is placed at the trusted time. Set by the account stage from the stream
     * record's timestamp; not carried between stages.
     */
    public long clockAheadMillis;

    /**
     * When the platform says it opened the account (the event's {@code accountCreatedTime}), 0 when
     * it does not say. Never after the event's own time: a later one is taken as the event time (an
     * account cannot act before it is opened; clocks of two services differ a little). One before
     * {@link #EARLIEST_CREATED_MILLIS} is not said.
     */
    public long accountCreatedMillis;

    /** 2000-01-01: no account on a platform of this kind is older; an earlier value is a bug. */
    public static final long EARLIEST_CREATED_MILLIS = 946_684_800_000L;

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
        AccountEvent a =
                new AccountEvent(
                        e.getEventId(),
                        EventKind.TRANSACTION,
                        e.getAccountId(),
                        e.getEventTime().toEpochMilli(),
                        isOutflow(e.getType()) ? e.getAmountMinor() : 0L,
                        Feedback.NONE);
        a.subtype = e.getType().name();
        a.city = e.getCity();
        a.accountCreatedMillis = created(e.getAccountCreatedTime(), a.eventTimeMillis);
        if (e.getType() == TransactionType.TRANSFER) {
            a.counterpartyId = e.getCounterpartyAccountId();
        }
        a.nodes =
                new Nodes()
                        .add(NodeKind.DEVICE, e.getDeviceId())
                        .ip(e.getIp())
                        .add(NodeKind.BANK_CARD, e.getBankCardHash())
                        .add(NodeKind.MERCHANT, e.getMerchantId())
                        .toArray();
        return a;
    }

    /** The account's creation time as the job takes it: see {@link #accountCreatedMillis}. */
    static long created(java.time.Instant said, long eventTimeMillis) {
        if (said == null || said.toEpochMilli() < EARLIEST_CREATED_MILLIS) {
            return 0;
        }
        return Math.min(said.toEpochMilli(), eventTimeMillis);
    }

    private static boolean isOutflow(TransactionType type) {
        return type == TransactionType.PAYMENT
                || type == TransactionType.INSTALMENT_PURCHASE
                || type == TransactionType.TRANSFER;
    }

    public static AccountEvent of(DeviceEvent e) {
        AccountEvent a =
                new AccountEvent(
                        e.getEventId(),
                        EventKind.DEVICE,
                        e.getAccountId(),
                        e.getEventTime().toEpochMilli(),
                        0L,
                        Feedback.NONE);
        a.subtype = e.getType().name();
        a.city = e.getCity();
        a.accountCreatedMillis = created(e.getAccountCreatedTime(), a.eventTimeMillis);
        a.emulator = e.getFingerprint().getEmulator();
        a.rooted = e.getFingerprint().getRooted();
        a.nodes =
                new Nodes()
                        .add(NodeKind.DEVICE, e.getDeviceId())
                        .ip(e.getIp())
                        .add(NodeKind.BANK_CARD, e.getBankCardHash())
                        .add(NodeKind.PHONE, e.getPhoneHash())
                        .toArray();
        return a;
    }

    /**
     * An application; at most {@code maxContacts} distinct contact phones are taken (the first
     * ones), so a forged application with thousands of contacts cannot fan out without bound.
     */
    public static AccountEvent of(ApplicationEvent e, int maxContacts) {
        AccountEvent a =
                new AccountEvent(
                        e.getEventId(),
                        EventKind.APPLICATION,
                        e.getAccountId(),
                        e.getEventTime().toEpochMilli(),
                        0L,
                        Feedback.NONE);
        a.subtype = e.getType().name();
        a.accountCreatedMillis = created(e.getAccountCreatedTime(), a.eventTimeMillis);
        Nodes nodes =
                new Nodes()
                        .add(NodeKind.PHONE, e.getPhoneHash())
                        .add(NodeKind.ID_NUMBER, e.getIdNumberHash())
                        .add(NodeKind.BANK_CARD, e.getBankCardHash())
                        .add(NodeKind.ADDRESS, e.getAddressHash())
                        .add(NodeKind.EMPLOYER, e.getEmployerHash())
                        .add(NodeKind.DEVICE, e.getDeviceId())
                        .ip(e.getIp());
        int contacts = 0;
        for (String contact : e.getContactPhoneHashes()) {
            if (contacts == maxContacts) {
                break;
            }
            if (nodes.put(NodeKind.CONTACT, contact)) {
                contacts++;
            }
        }
        a.nodes = nodes.toArray();
        return a;
    }

    /** An application with at most 16 contact phones. */
    public static AccountEvent of(ApplicationEvent e) {
        return of(e, 16);
    }

    /** True when this is a credit application (not a limit raise or a loan draw). */
    public boolean isCreditApplication() {
        return kind == EventKind.APPLICATION && "CREDIT_APPLICATION".equals(subtype);
    }

    /** Distinct node keys in insertion order; blank ids are skipped. */
    private static final class Nodes {
        private final java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();

        Nodes add(NodeKind kind, String id) {
            put(kind, id);
            return this;
        }

        boolean put(NodeKind kind, String id) {
            return id != null && !id.isBlank() && keys.add(kind.key(id));
        }

        Nodes ip(String ip) {
            if (ip != null && !ip.isBlank()) {
                put(NodeKind.IP, ip);
                put(NodeKind.IP_PREFIX, Keys.ipPrefix(ip));
            }
            return this;
        }

        String[] toArray() {
            return keys.toArray(new String[0]);
        }
    }

    /**
     * A verdict about a device, phone, merchant... rather than an account: carried through the
     * account stage under the node's key (so every edge request reaches the node stage on one path)
     * and applied to the node, never to an account. {@link #nodes} names the node(s): a phone
     * verdict reaches both the phone and the contact-phone node.
     */
    public boolean entityVerdict;

    /**
     * A verdict about a non-account entity (see {@link #entityVerdict}); {@code null} for one about
     * an account.
     */
    public static AccountEvent ofEntityFeedback(FeedbackEvent e) {
        if (e.getEntityType() == EntityType.ACCOUNT) {
            return null;
        }
        NodeKind kind = NodeKind.valueOf(e.getEntityType().name());
        AccountEvent a =
                new AccountEvent(
                        e.getEventId(),
                        EventKind.FEEDBACK,
                        kind.key(e.getEntityId()),
                        e.getEventTime().toEpochMilli(),
                        0L,
                        verdict(e, false));
        a.entityVerdict = true;
        a.subtype = e.getVerdict().name();
        a.nodes =
                kind == NodeKind.PHONE
                        ? new String[] {
                            kind.key(e.getEntityId()), NodeKind.CONTACT.key(e.getEntityId())
                        }
                        : new String[] {kind.key(e.getEntityId())};
        return a;
    }

    /**
     * A chargeback on a device, card or phone confirms it (the victim's bank says it was used
     * without its owner); on an account it is the owner disputing, {@link Feedback#DISPUTED}.
     */
    private static Feedback verdict(FeedbackEvent e, boolean onAccount) {
        return switch (e.getVerdict()) {
            case CONFIRMED_FRAUD -> Feedback.CONFIRMED_FRAUD;
            case CHARGEBACK -> onAccount ? Feedback.DISPUTED : Feedback.CONFIRMED_FRAUD;
            case FALSE_POSITIVE, CLEARED -> Feedback.CLEARED;
        };
    }

    /** Feedback on an account; {@code null} when the verdict is about another kind of entity. */
    public static AccountEvent ofFeedback(FeedbackEvent e) {
        if (e.getEntityType() != EntityType.ACCOUNT) {
            return null;
        }
        Feedback feedback = verdict(e, true);
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
