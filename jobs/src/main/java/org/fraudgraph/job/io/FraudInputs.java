package org.fraudgraph.job.io;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * The pipeline's input streams, each with event-time timestamps and watermarks already assigned,
 * and the scoring models published to the control topic (JSON text; it must not hold the watermark
 * back: mark it idle or give it none).
 */
public record FraudInputs(
        DataStream<TransactionEvent> transactions,
        DataStream<DeviceEvent> devices,
        DataStream<ApplicationEvent> applications,
        DataStream<FeedbackEvent> feedback,
        DataStream<String> modelUpdates) {
    public FraudInputs {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(applications, "applications");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(modelUpdates, "modelUpdates");
    }

    /** Inputs without model updates: the model the pipeline starts with stays in force. */
    public FraudInputs(
            DataStream<TransactionEvent> transactions,
            DataStream<DeviceEvent> devices,
            DataStream<ApplicationEvent> applications,
            DataStream<FeedbackEvent> feedback) {
        this(
                transactions,
                devices,
                applications,
                feedback,
                transactions
                        .getExecutionEnvironment()
                        .fromData(Types.STRING, "")
                        .uid("no-model-updates")
                        .name("No model updates")
                        // An empty collection source fails in Flink 2.2; one element, dropped.
                        .filter(s -> false)
                        .uid("no-model-updates-filter")
                        .name("No model updates"));
    }
}
