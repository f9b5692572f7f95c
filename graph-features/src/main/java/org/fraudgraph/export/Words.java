package org.fraudgraph.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.fraudgraph.schema.RingKind;

/** How the bundle writes amounts, times and ring kinds for a person. */
final class Words {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private Words() {}

    /** 123456 fen as {@code 1,234.56}. */
    static String money(long minor) {
        return String.format(Locale.ROOT, "%,d.%02d", minor / 100, Math.abs(minor % 100));
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String kind(RingKind kind) {
        return switch (kind) {
            case DEVICE_FARM -> "device farm";
            case APPLICATION_RING -> "application ring";
            case CASH_OUT -> "cash-out ring";
            case MULE_CHAIN -> "money-mule chain";
        };
    }

    static String explain(RingKind kind) {
        return switch (kind) {
            case DEVICE_FARM ->
                    "Many accounts run from the same few devices (often emulators behind one proxy"
                            + " network): one crew opening and using accounts in bulk.";
            case APPLICATION_RING ->
                    "Accounts whose credit applications share phones, emergency contacts, id"
                            + " numbers or addresses, each with at least two others: one crew"
                            + " applying under several identities.";
            case CASH_OUT ->
                    "Accounts paying round or near-limit amounts to the same few merchants, again"
                            + " and again: credit lines turned into cash with colluding merchants.";
            case MULE_CHAIN ->
                    "Money passed on from account to account within minutes of arriving (a chain"
                            + " or a cycle): accounts used to move and hide funds.";
        };
    }

    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Markdown table cell: no pipes or line breaks. */
    static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
