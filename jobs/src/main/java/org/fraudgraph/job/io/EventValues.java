package org.fraudgraph.job.io;

import java.time.Instant;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * The values an event of each kind can hold, beyond its fields' lengths ({@link FieldBounds}): what
 * is outside them is a dead letter with reason {@code VALUE_OUT_OF_RANGE}, never scored, because a
 * value no real event has would otherwise steer the account's sums (a payment of −100,000,000.00
 * once hid the +5,000,000.00 after it).
 *
 * <ul>
 *   <li>a transaction's amount and an application's requested amount are never negative: the
 *       transaction type says which way money goes (a refund is a positive amount of type REFUND);
 *   <li>neither is above {@value #MAX_AMOUNT_MINOR} minor units (2<sup>53</sup> − 1): the largest
 *       whole number a feature value (a double) and a JSON reader of the scores hold exactly, and
 *       far beyond any real amount (about 90 trillion in a currency of two decimals);
 *   <li>the currency is an ISO 4217 code the Java runtime knows (three capital letters);
 *   <li>the account's creation time, when an event says it ({@code accountCreatedTime}), is not
 *       before 2000 and not after the event's own time by more than the clock skew the job allows
 *       ({@link #accountCreated}): an account does not act before it is opened, and a wrong one
 *       would make a new account look old or an old one new.
 * </ul>
 *
 * <pre>{@code
 * String problem = EventValues.problem(event); // null when every value is possible
 * }</pre>
 */
public final class EventValues {
    /** 2^53 − 1: the largest integer a double holds exactly. */
    public static final long MAX_AMOUNT_MINOR = (1L << 53) - 1;

    private static final Set<String> CURRENCIES =
            Currency.getAvailableCurrencies().stream()
                    .map(Currency::getCurrencyCode)
                    .collect(Collectors.toUnmodifiableSet());

    private EventValues() {}

    /** The first impossible value of the event, in one line, or {@code null}. */
    public static String problem(SpecificRecord event) {
        if (event instanceof TransactionEvent t) {
            String amount = amount("amountMinor", t.getAmountMinor());
            return amount != null ? amount : currency(t.getCurrency());
        }
        if (event instanceof ApplicationEvent a) {
            String amount = amount("requestedAmountMinor", a.getRequestedAmountMinor());
            return amount != null ? amount : currency(a.getCurrency());
        }
        return null;
    }

    /** The field that says when the platform opened the account. */
    static final String ACCOUNT_CREATED = "accountCreatedTime";

    /**
     * The account's creation time, when the event says it, in one line if it is impossible, else
     * {@code null}.
     *
     * @param eventTimeMillis the event's own time
     * @param skewMillis how far clocks may differ (the job's allowed future skew)
     */
    public static String accountCreated(
            SpecificRecord event, long eventTimeMillis, long skewMillis) {
        org.apache.avro.Schema.Field field = event.getSchema().getField(ACCOUNT_CREATED);
        if (field == null || !(event.get(field.pos()) instanceof Instant created)) {
            return null;
        }
        if (created.isBefore(DecodingDeserializer.EARLIEST_PLAUSIBLE)) {
            return "field "
                    + ACCOUNT_CREATED
                    + " "
                    + created
                    + " is before "
                    + DecodingDeserializer.EARLIEST_PLAUSIBLE;
        }
        if (created.toEpochMilli() > eventTimeMillis + skewMillis) {
            return "field "
                    + ACCOUNT_CREATED
                    + " "
                    + created
                    + " is after the event ("
                    + Instant.ofEpochMilli(eventTimeMillis)
                    + "): an account does not act before it is opened";
        }
        return null;
    }

    private static String amount(String field, long minor) {
        if (minor < 0) {
            return String.format(
                    "field %s is %,d: amounts are never negative (the type says which way money goes)",
                    field, minor);
        }
        if (minor > MAX_AMOUNT_MINOR) {
            return String.format(
                    "field %s is %,d: above %,d minor units, no real amount",
                    field, minor, MAX_AMOUNT_MINOR);
        }
        return null;
    }

    private static String currency(String code) {
        return code != null && CURRENCIES.contains(code)
                ? null
                : "field currency \"" + code + "\" is not an ISO 4217 currency code";
    }
}
