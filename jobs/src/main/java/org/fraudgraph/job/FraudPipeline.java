package org.fraudgraph.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.fn.AccountFeedbackOnly;
import org.fraudgraph.job.fn.AccountVelocityFunction;
import org.fraudgraph.job.fn.EventTimeSorter;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.schema.FraudScore;

/**
 * The fraudgraph topology: a function from input streams to output streams. Production, tests,
 * replay and the demo all call it; only the ends differ.
 *
 * <pre>{@code
 * FraudOutputs out = FraudPipeline.build(inputs, PipelineConfig.defaults());
 * out.scores().sinkTo(scoreSink).uid("sink-scores");
 * }</pre>
 *
 * <p>Every operator has a frozen uid: changing one orphans its state in existing savepoints.
 */
public final class FraudPipeline {
    private FraudPipeline() {}

    public static FraudOutputs build(FraudInputs inputs, PipelineConfig config) {
        TypeInformation<AccountEvent> accountEvent = TypeInformation.of(AccountEvent.class);

        DataStream<AccountEvent> transactions =
                inputs.transactions()
                        .map(AccountEvent::of, accountEvent)
                        .uid("account-events-transactions")
                        .name("Transactions to account events");
        DataStream<AccountEvent> devices =
                inputs.devices()
                        .map(AccountEvent::of, accountEvent)
                        .uid("account-events-devices")
                        .name("Device events to account events");
        DataStream<AccountEvent> applications =
                inputs.applications()
                        .map(AccountEvent::of, accountEvent)
                        .uid("account-events-applications")
                        .name("Applications to account events");
        DataStream<AccountEvent> feedback =
                inputs.feedback()
                        .flatMap(new AccountFeedbackOnly(), accountEvent)
                        .uid("account-events-feedback")
                        .name("Account feedback to account events");

        KeySelector<AccountEvent, String> byAccount = e -> e.accountId;
        DataStream<AccountEvent> all = transactions.union(devices, applications, feedback);
        KeyedStream<AccountEvent, String> perAccount = all.keyBy(byAccount, Types.STRING);
        if (config.eventTimeOrder()) {
            SingleOutputStreamOperator<AccountEvent> ordered =
                    perAccount
                            .process(new EventTimeSorter(config), accountEvent)
                            .uid("event-time-order")
                            .name("Order each account's events by event time");
            perAccount = DataStreamUtils.reinterpretAsKeyedStream(ordered, byAccount, Types.STRING);
        }
        SingleOutputStreamOperator<FraudScore> scores =
                perAccount
                        .process(
                                new AccountVelocityFunction(config),
                                new AvroTypeInfo<>(FraudScore.class))
                        .uid("account-velocity")
                        .name("Account velocity and score");

        return new FraudOutputs(scores, scores.getSideOutput(StateDescriptors.RING_CASES));
    }
}
