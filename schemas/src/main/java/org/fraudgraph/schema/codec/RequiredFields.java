package org.fraudgraph.schema.codec;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Finds required fields left empty. Avro cannot tell a missing id from an empty string, and a
 * producer that forgot to set an id writes {@code ""}: every string field that is not nullable must
 * hold at least one character that is not white space (an id of spaces names nobody).
 */
final class RequiredFields {
    private RequiredFields() {}

    static List<String> missing(IndexedRecord record) {
        List<String> missing = new ArrayList<>();
        collect(record, "", missing);
        return missing;
    }

    private static void collect(IndexedRecord record, String prefix, List<String> missing) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            Schema.Type type = field.schema().getType();
            if (type == Schema.Type.STRING && !field.hasDefaultValue()) {
                if (value == null || value.toString().isBlank()) {
                    missing.add(prefix + field.name());
                }
            } else if (type == Schema.Type.RECORD && value instanceof IndexedRecord nested) {
                collect(nested, prefix + field.name() + ".", missing);
            }
        }
    }
}
