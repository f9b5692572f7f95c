package org.fraudgraph.job.types;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes the record fixtures {@code RecordFormatHistoryTest} reads: one scripted record of every
 * type the graph stages send between them or keep in state ({@link GraphTypes}), as the release's
 * serializer writes it ({@code .bin}), and the fields that release reads back ({@code .expected}).
 * Run with the code of the release whose formats are to be kept; it compiles against every release
 * since the hand-written serializers (fields a release does not have are skipped), e.g.
 *
 * <pre>{@code
 * java -cp jobs/target/classes:jobs/target/test-classes:... \
 *     org.fraudgraph.job.types.RecordFormatFixtures jobs/src/test/resources/org/fraudgraph/job/types/history
 * }</pre>
 */
public final class RecordFormatFixtures {
    private RecordFormatFixtures() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        for (Map.Entry<String, Object> e : scripted().entrySet()) {
            TypeInformation<Object> type = typeOf(e.getKey());
            if (type == null) {
                continue;
            }
            byte[] bytes = write(type, e.getValue());
            String name = e.getKey() + "-v" + bytes[0];
            Files.write(out.resolve(name + ".bin"), bytes);
            // What this release reads back of its own bytes is what every later release must read.
            Object readBack =
                    type.createSerializer(new SerializerConfigImpl())
                            .deserialize(new DataInputDeserializer(bytes));
            StringBuilder text = new StringBuilder();
            fields(readBack).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(out.resolve(name + ".expected"), text, StandardCharsets.UTF_8);
        }
    }

    /** One record of each type, by the name of its constant in {@link GraphTypes}. */
    static Map<String, Object> scripted() throws Exception {
        Map<String, Object> records = new LinkedHashMap<>();
        Object request = newInstance("org.fraudgraph.node.EdgeRequest");
        set(request, "node", "PHONE:p-1");
        set(request, "eventId", "ev-1");
        set(request, "eventTimeMillis", 1_763_640_000_000L);
        set(request, "account", -42L);
        set(request, "accountId", "acc-7");
        set(request, "application", true);
        set(request, "amountMinor", 499_000L);
        // Round, and not large for its payer: the mark is read, not derived from the amount.
        set(request, "largeRound", false);
        set(request, "newAccount", true);
        set(request, "rooted", true);
        set(request, "accountConfirmedMillis", 77L);
        // From format 4 on: the payment is round for its payer, and the account registered.
        set(request, "roundPayment", true);
        set(request, "registeredMillis", 1_763_000_000_000L);
        records.put("EDGE_REQUEST", request);

        Object answer = newInstance("org.fraudgraph.node.NodeAnswer");
        set(answer, "eventId", "ev-1");
        set(answer, "node", "DEVICE:d-1");
        set(answer, "query", true);
        set(answer, "ids", new int[] {3, 9});
        set(answer, "values", new double[] {1.5, 30});
        set(answer, "accounts", new long[] {-1, 42});
        set(answer, "others7d", 29);
        set(answer, "others24h", 4);
        set(answer, "shared", true);
        set(answer, "taintDistance", 2);
        set(answer, "taintAgeMillis", 3_600_000L);
        set(answer, "burst", 12.25);
        set(answer, "account", 6L);
        handOver(answer);
        records.put("NODE_ANSWER", answer);

        Object part = newInstance("org.fraudgraph.node.AccountPart");
        set(part, "eventId", "ev-1");
        set(part, "kind", enumValue("org.fraudgraph.schema.EventKind", "TRANSACTION"));
        set(part, "accountId", "acc-7");
        set(part, "eventTimeMillis", 5L);
        set(part, "account", 6L);
        set(part, "confirmedAtMillis", 7L);
        set(part, "ids", new int[] {1, 4});
        set(part, "values", new double[] {2, 0.5});
        set(part, "answersExpected", 3);
        set(part, "amountMinor", 120_000L);
        set(part, "counterpartyId", "acc-8");
        records.put("ACCOUNT_PART", part);

        Object event = newInstance("org.fraudgraph.graph.AccountEvent");
        set(event, "eventId", "ev-2");
        set(event, "kind", enumValue("org.fraudgraph.schema.EventKind", "DEVICE"));
        set(event, "accountId", "acc-2");
        set(event, "eventTimeMillis", 9L);
        set(event, "subtype", "REGISTER");
        set(event, "nodes", new String[] {"DEVICE:d", "PHONE:p"});
        set(event, "emulator", true);
        set(event, "city", "Hangzhou");
        set(event, "counterpartyId", "acc-9");
        set(event, "accountCreatedMillis", 5L);
        records.put("ACCOUNT_EVENT", event);

        Object buffer = newInstance(typeOf("JOIN_BUFFER").getTypeClass().getName());
        buffer.getClass().getMethod("add", answer.getClass()).invoke(buffer, answer);
        set(buffer, "part", part);
        records.put("JOIN_BUFFER", buffer);

        try {
            Object link = newInstance("org.fraudgraph.ring.RingLink");
            set(
                    link,
                    "relation",
                    enumValue("org.fraudgraph.ring.RingLink$Relation", "GAVE_CONTACT"));
            set(link, "accountId", "acc-3");
            set(link, "target", "CONTACT:c-1");
            set(link, "eventId", "ev-3");
            set(link, "timeMillis", 11L);
            set(link, "amountMinor", 0L);
            set(link, "reportedMillis", 12L);
            set(link, "newAccount", true);
            set(link, "held", true);
            records.put("RING_LINK", link);
        } catch (ClassNotFoundException beforeRings) {
            // Releases before the ring stage have no ring links.
        }
        return records;
    }

    /**
     * From answer format 4 on: a first use with its account's registration, and two round payments
     * a merchant hands over (the same answer carries both here, to keep one record).
     */
    private static void handOver(Object answer) throws Exception {
        Class<?> use;
        try {
            use = Class.forName("org.fraudgraph.node.NodeAnswer$Use");
        } catch (ClassNotFoundException before) {
            return;
        }
        java.lang.reflect.Constructor<?> of =
                use.getConstructor(String.class, String.class, long.class, long.class, long.class);
        set(answer, "firstUse", of.newInstance("acc-1", "ev-0", 3L, 2L, 0L));
        Object payments = Array.newInstance(use, 2);
        Array.set(payments, 0, of.newInstance("acc-2", "ev-p", 4L, 0L, 500_000L));
        Array.set(payments, 1, of.newInstance("acc-3", "ev-q", 5L, 1L, 300_000L));
        set(answer, "roundPayments", payments);
    }

    @SuppressWarnings("unchecked")
    static TypeInformation<Object> typeOf(String constant) throws Exception {
        try {
            return (TypeInformation<Object>) GraphTypes.class.getField(constant).get(null);
        } catch (NoSuchFieldException absent) {
            return null;
        }
    }

    static byte[] write(TypeInformation<Object> type, Object value) throws Exception {
        TypeSerializer<Object> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    /** Every public field of the record, nested records and arrays spelled out. */
    static Map<String, String> fields(Object value) throws Exception {
        Map<String, String> m = new TreeMap<>();
        fields("", value, m);
        return m;
    }

    private static void fields(String prefix, Object value, Map<String, String> m)
            throws Exception {
        for (Field f : value.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object v = f.get(value);
            String key = prefix + f.getName();
            if (v != null && v.getClass().isRecord()) {
                m.put(key, v.toString());
            } else if (v != null
                    && v.getClass().isArray()
                    && v.getClass().getComponentType().isRecord()) {
                m.put(key, Arrays.toString((Object[]) v));
            } else if (v != null
                    && v.getClass().isArray()
                    && !v.getClass().getComponentType().isPrimitive()
                    && v.getClass().getComponentType().getName().startsWith("org.fraudgraph")) {
                m.put(key + ".length", Integer.toString(Array.getLength(v)));
                for (int i = 0; i < Array.getLength(v); i++) {
                    fields(key + "[" + i + "].", Array.get(v, i), m);
                }
            } else if (v != null
                    && v.getClass().getName().startsWith("org.fraudgraph")
                    && !v.getClass().isEnum()) {
                fields(key + ".", v, m);
            } else {
                m.put(key, text(v));
            }
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return "null";
        }
        if (v.getClass().isArray()) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(v); i++) {
                s.append(i == 0 ? "" : ", ").append(Array.get(v, i));
            }
            return s.append(']').toString();
        }
        return v.toString();
    }

    private static Object newInstance(String className) throws Exception {
        return Class.forName(className).getConstructor().newInstance();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(String className, String name) throws Exception {
        return Enum.valueOf((Class) Class.forName(className), name);
    }

    /** Sets a public field if this release's record has it. */
    private static void set(Object target, String field, Object value) throws Exception {
        try {
            target.getClass().getField(field).set(target, value);
        } catch (NoSuchFieldException absent) {
            // An older release's record has fewer fields.
        }
    }
}
