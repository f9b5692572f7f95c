package org.fraudgraph.job.io;

import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The bound of every field of an input event: what a real platform sends is far inside it, and what
 * is outside it is not an event but an attack or a bug (a 600,000-character account id once made a
 * score larger than the output producer's 1 MB limit, and the job restarted on it forever).
 *
 * <ul>
 *   <li>a string at most {@value #MAX_CHARS} characters: identifiers here are keyed hashes (64 hex
 *       characters), UUIDs (36), IP addresses (at most 45), device models and city names; the bound
 *       is four times the longest;
 *   <li>a list or map at most {@value #MAX_ITEMS} items: an application names a handful of
 *       emergency contacts (the graph takes 16).
 * </ul>
 *
 * <pre>{@code
 * String problem = FieldBounds.problem(event); // null when every field is inside its bound
 * }</pre>
 */
public final class FieldBounds {
    public static final int MAX_CHARS = 256;
    public static final int MAX_ITEMS = 64;

    private FieldBounds() {}

    /** The first field outside its bound, in one line, or {@code null}. */
    public static String problem(SpecificRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            String problem = problem(field.name(), record.get(field.pos()));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String problem(String name, Object value) {
        if (value instanceof CharSequence s) {
            return s.length() > MAX_CHARS
                    ? String.format(
                            "field %s is %,d characters long; at most %d",
                            name, s.length(), MAX_CHARS)
                    : null;
        }
        if (value instanceof Collection<?> items) {
            if (items.size() > MAX_ITEMS) {
                return String.format(
                        "field %s has %,d items; at most %d", name, items.size(), MAX_ITEMS);
            }
            for (Object item : items) {
                String problem = problem(name + "[]", item);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() > MAX_ITEMS) {
                return String.format(
                        "field %s has %,d entries; at most %d", name, map.size(), MAX_ITEMS);
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String problem = problem(name + " key", e.getKey());
                problem = problem != null ? problem : problem(name + "[]", e.getValue());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof SpecificRecord nested) {
            String problem = problem(nested);
            return problem == null
                    ? null
                    : "field " + name + "." + problem.substring("field ".length());
        }
        return null;
    }
}
