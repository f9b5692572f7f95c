package org.fraudgraph.schema.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Seeded random generic records of any schema, as an old producer would have written them. */
final class RandomRecords {
    private final Random random;

    RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    Object valueOf(Schema schema) {
        switch (schema.getType()) {
            case RECORD:
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), valueOf(field.schema()));
                }
                return record;
            case ENUM:
                List<String> symbols = schema.getEnumSymbols();
                return new GenericData.EnumSymbol(
                        schema, symbols.get(random.nextInt(symbols.size())));
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(valueOf(schema.getElementType()));
                }
                return new GenericData.Array<>(schema, items);
            case MAP:
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    map.put("k" + random.nextInt(1000), valueOf(schema.getValueType()));
                }
                return map;
            case UNION:
                List<Schema> branches = schema.getTypes();
                return valueOf(branches.get(random.nextInt(branches.size())));
            case STRING:
                return "s" + Long.toHexString(random.nextLong());
            case BYTES:
                byte[] bytes = new byte[random.nextInt(16)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            case INT:
                return random.nextInt();
            case LONG:
                // Also a plausible timestamp-millis.
                return 1_700_000_000_000L + random.nextInt(1_000_000_000);
            case DOUBLE:
                return random.nextDouble();
            case FLOAT:
                return random.nextFloat();
            case BOOLEAN:
                return random.nextBoolean();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("no generator for " + schema.getType());
        }
    }
}
