package org.fraudgraph.replay;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraudgraph.schema.EntityType;

/**
 * What is really fraud in a generated data set: labelled entities, the rings with their first
 * fraudulent event, and the id of every event a ring made; and, optionally, the honest accounts
 * that look like a ring (a large family on one device, a dorm behind one network), by kind. Written
 * as CSV files beside the events; read back by the replay report. A pattern is a name: this
 * project's generator writes the names of {@link Pattern}, a data set from elsewhere may name its
 * own (say {@code FAN_IN}), and the report gives each its own row.
 */
public final class GroundTruth {
    public static final String LABELS = "labels.csv";
    public static final String RINGS = "rings.csv";
    public static final String FRAUD_EVENTS = "fraud-events.csv";

    /** Optional: honest accounts that look like a ring, with their kind. */
    public static final String HONEST = "honest-lookalikes.csv";

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /**
     * An entity that belongs to a ring; for a taken-over account, fraud starts at {@code
     * fromMillis}.
     */
    public record Label(
            EntityType type,
            String id,
            String ringId,
            String pattern,
            String role,
            long fromMillis) {}

    /**
     * A ring: its pattern, its member accounts, and the event time of its first and last fraudulent
     * event.
     */
    public record Ring(
            String ringId,
            String pattern,
            int accounts,
            long firstEventMillis,
            long lastEventMillis) {}

    /** One event a ring made. */
    public record FraudEvent(String eventId, long eventMillis, String ringId) {}

    private final List<Label> labels = new ArrayList<>();
    private final Map<String, String> ringPatterns = new LinkedHashMap<>();
    private final Map<String, String> honest = new LinkedHashMap<>();
    private final List<FraudEvent> fraudEvents = new ArrayList<>();

    void label(
            EntityType type,
            String id,
            String ringId,
            Pattern pattern,
            String role,
            long fromMillis) {
        label(type, id, ringId, pattern.name(), role, fromMillis);
    }

    void label(
            EntityType type,
            String id,
            String ringId,
            String pattern,
            String role,
            long fromMillis) {
        labels.add(new Label(type, id, ringId, pattern, role, fromMillis));
        ringPatterns.put(ringId, pattern);
    }

    /** An honest account that looks like a ring, say {@code LARGE_FAMILY}. */
    void honest(String accountId, String kind) {
        honest.put(accountId, kind);
    }

    /** Whether the account is labelled (a ring member or a victim) or already a look-alike. */
    boolean taken(String accountId) {
        return honest.containsKey(accountId)
                || labels.stream()
                        .anyMatch(l -> l.type() == EntityType.ACCOUNT && l.id().equals(accountId));
    }

    /** Honest look-alike accounts by id, with their kind; empty when the data set has none. */
    public Map<String, String> honestLookalikes() {
        return java.util.Collections.unmodifiableMap(honest);
    }

    void fraudEvent(String eventId, long eventMillis, String ringId) {
        fraudEvents.add(new FraudEvent(eventId, eventMillis, ringId));
    }

    public List<Label> labels() {
        return labels;
    }

    public List<FraudEvent> fraudEvents() {
        return fraudEvents;
    }

    public List<Ring> rings() {
        Map<String, long[]> span = new LinkedHashMap<>();
        for (String ring : ringPatterns.keySet()) {
            span.put(ring, new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
        }
        for (FraudEvent e : fraudEvents) {
            long[] s = span.get(e.ringId());
            s[0] = Math.min(s[0], e.eventMillis());
            s[1] = Math.max(s[1], e.eventMillis());
        }
        for (Label l : labels) {
            if (l.type() == EntityType.ACCOUNT) {
                span.get(l.ringId())[2]++;
            }
        }
        List<Ring> rings = new ArrayList<>();
        span.forEach(
                (id, s) -> rings.add(new Ring(id, ringPatterns.get(id), (int) s[2], s[0], s[1])));
        return rings;
    }

    public void write(Path dir) throws IOException {
        try (BufferedWriter out =
                Files.newBufferedWriter(dir.resolve(LABELS), StandardCharsets.UTF_8)) {
            out.write("entity_type,entity_id,ring_id,pattern,role,fraud_from\n");
            for (Label l : labels) {
                out.write(
                        String.join(
                                        ",",
                                        l.type().name(),
                                        l.id(),
                                        l.ringId(),
                                        l.pattern(),
                                        l.role(),
                                        Instant.ofEpochMilli(l.fromMillis()).toString())
                                + "\n");
            }
        }
        try (BufferedWriter out =
                Files.newBufferedWriter(dir.resolve(RINGS), StandardCharsets.UTF_8)) {
            out.write("ring_id,pattern,accounts,first_fraud_event,last_fraud_event\n");
            for (Ring r : rings()) {
                out.write(
                        String.join(
                                        ",",
                                        r.ringId(),
                                        r.pattern(),
                                        Integer.toString(r.accounts()),
                                        Instant.ofEpochMilli(r.firstEventMillis()).toString(),
                                        Instant.ofEpochMilli(r.lastEventMillis()).toString())
                                + "\n");
            }
        }
        if (!honest.isEmpty()) {
            try (BufferedWriter out =
                    Files.newBufferedWriter(dir.resolve(HONEST), StandardCharsets.UTF_8)) {
                out.write("account_id,kind\n");
                for (Map.Entry<String, String> h : honest.entrySet()) {
                    out.write(h.getKey() + "," + h.getValue() + "\n");
                }
            }
        }
        List<FraudEvent> sorted = new ArrayList<>(fraudEvents);
        sorted.sort(
                Comparator.comparingLong(FraudEvent::eventMillis)
                        .thenComparing(FraudEvent::eventId));
        try (BufferedWriter out =
                Files.newBufferedWriter(dir.resolve(FRAUD_EVENTS), StandardCharsets.UTF_8)) {
            out.write("event_id,event_time,ring_id\n");
            for (FraudEvent e : sorted) {
                out.write(
                        e.eventId()
                                + ","
                                + Instant.ofEpochMilli(e.eventMillis())
                                + ","
                                + e.ringId()
                                + "\n");
            }
        }
    }

    /** Reads the three files of a data set; a malformed line is an error naming file and line. */
    public static GroundTruth read(Path dir) throws IOException {
        GroundTruth truth = new GroundTruth();
        forEachRow(
                dir.resolve(LABELS),
                6,
                f ->
                        truth.label(
                                EntityType.valueOf(f[0]),
                                f[1],
                                f[2],
                                name(f[3], "pattern"),
                                f[4],
                                Instant.parse(f[5]).toEpochMilli()));
        forEachRow(
                dir.resolve(FRAUD_EVENTS),
                3,
                f -> truth.fraudEvent(f[0], Instant.parse(f[1]).toEpochMilli(), f[2]));
        if (Files.isRegularFile(dir.resolve(HONEST))) {
            forEachRow(dir.resolve(HONEST), 2, f -> truth.honest(f[0], name(f[1], "kind")));
        }
        for (FraudEvent e : truth.fraudEvents) {
            if (!truth.ringPatterns.containsKey(e.ringId())) {
                throw new IOException(
                        FRAUD_EVENTS + ": ring " + e.ringId() + " has no label in " + LABELS);
            }
        }
        return truth;
    }

    /** A pattern or kind name: 1 to 64 letters, digits, '_' or '-'. */
    private static String name(String value, String what) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + " \"" + value + "\" is not a name (letters, digits, '_' or '-')");
        }
        return value;
    }

    private interface Row {
        void accept(String[] fields);
    }

    private static void forEachRow(Path file, int columns, Row row) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("missing " + file);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != columns) {
                    throw new IOException(
                            file.getFileName()
                                    + " line "
                                    + number
                                    + ": expected "
                                    + columns
                                    + " fields, got "
                                    + fields.length);
                }
                try {
                    row.accept(fields);
                } catch (RuntimeException e) {
                    throw new IOException(
                            file.getFileName() + " line " + number + ": " + e.getMessage());
                }
            }
        }
    }
}
