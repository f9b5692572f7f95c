package org.fraudgraph.job.io;

import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Every input event carries its time in a field named {@code eventTime} (timestamp-millis). */
final class EventTime {
    static final String FIELD = "eventTime";

    private EventTime() {}

    static int fieldOf(Schema schema) {
        Schema.Field field = schema.getField(FIELD);
        if (field == null) {
            throw new IllegalArgumentException(schema.getName() + " has no " + FIELD + " field");
        }
        return field.pos();
    }

    static long millis(SpecificRecord record, int field) {
        return ((Instant) record.get(field)).toEpochMilli();
    }
}
