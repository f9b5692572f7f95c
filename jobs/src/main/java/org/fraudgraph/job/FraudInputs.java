package org.fraudgraph.job;

import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * The pipeline's input streams, each with event-time timestamps and watermarks already assigned.
 */
public record FraudInputs(
        DataStream<TransactionEvent> transactions,
        DataStream<DeviceEvent> devices,
        DataStream<ApplicationEvent> applications,
        DataStream<FeedbackEvent> feedback) {
    public FraudInputs {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(applications, "applications");
        Objects.requireNonNull(feedback, "feedback");
    }
}
