package org.fraudgraph.job.io;

import org.apache.avro.specific.SpecificRecordBase;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * One event of a replayed data set, whichever its kind: exactly one field is set. A Flink POJO
 * whose fields have Avro serializers, so the merged stream needs no Kryo.
 */
public final class ReplayRecord {
    public TransactionEvent transaction;
    public DeviceEvent device;
    public ApplicationEvent application;
    public FeedbackEvent feedback;
    public long eventMillis;

    public ReplayRecord() {}

    static ReplayRecord of(SpecificRecordBase event) {
        ReplayRecord r = new ReplayRecord();
        if (event instanceof TransactionEvent e) {
            r.transaction = e;
            r.eventMillis = e.getEventTime().toEpochMilli();
        } else if (event instanceof DeviceEvent e) {
            r.device = e;
            r.eventMillis = e.getEventTime().toEpochMilli();
        } else if (event instanceof ApplicationEvent e) {
            r.application = e;
            r.eventMillis = e.getEventTime().toEpochMilli();
        } else if (event instanceof FeedbackEvent e) {
            r.feedback = e;
            r.eventMillis = e.getEventTime().toEpochMilli();
        } else {
            throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
        }
        return r;
    }
}
