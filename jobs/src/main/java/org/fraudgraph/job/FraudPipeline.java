package org.fraudgraph.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.fn.AccountGraphFunction;
import org.fraudgraph.job.fn.CaseVerdictsToRingLinks;
import org.fraudgraph.job.fn.EventTimeSorter;
import org.fraudgraph.job.fn.FeatureJoinFunction;
import org.fraudgraph.job.fn.FeedbackToAccountEvents;
import org.fraudgraph.job.fn.NodeGraphFunction;
import org.fraudgraph.job.fn.RingDetectorFunction;
import org.fraudgraph.job.fn.RiskSpreadFunction;
import org.fraudgraph.job.fn.WriteBackOperator;
import org.fraudgraph.job.io.FraudInputs;
import org.fraudgraph.job.io.FraudOutputs;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.job.types.GraphTypes;
import org.fraudgraph.job.types.JoinBuffer;
import org.fraudgraph.job.types.RiskInput;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;

/**
 * The fraudgraph topology: events → account stage (keyed by account) → one edge per node of the
 * event → node stage (keyed by node) → answers → feature join (keyed by event id) → score → risk
 * stage (keyed by account: open cases and risky money the account received) → decision; the join's
 * suspicious links → ring stage → cases, and each case version back to its members' risk.
 *
 * <p>The fraudgraph topology: a function from input streams to output streams. Production, tests,
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
    /** Stamped on every case: the version of the ring rules ({@code RingSettings}). */
    public static final String RING_VERSION = "rings-1";

    private FraudPipeline() {}

    public static FraudOutputs build(FraudInputs inputs, PipelineConfig config) {
        TypeInformation<AccountEvent> accountEvent = GraphTypes.ACCOUNT_EVENT;

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
        int maxContacts = config.features().maxContacts();
        DataStream<AccountEvent> applications =
                inputs.applications()
                        .map(e -> AccountEvent.of(e, maxContacts), accountEvent)
                        .uid("account-events-applications")
                        .name("Applications to account events");
        DataStream<AccountEvent> feedback =
                inputs.feedback()
                        .flatMap(new FeedbackToAccountEvents(), accountEvent)
                        .uid("account-events-feedback")
                        .name("Verdicts to account events");

        KeySelector<AccountEvent, String> byAccount = e -> e.accountId;
        DataStream<AccountEvent> all = transactions.union(devices, applications, feedback);
        KeyedStream<AccountEvent, String> perAccount = all.keyBy(byAccount, Types.STRING);
        if (config.eventTimeOrder()) {
            // Replay: one account subtask releases all events in event-time order, so every node
            // subtask receives its edges on a single channel, in the same order on every run.
            SingleOutputStreamOperator<AccountEvent> ordered =
                    perAccount
                            .process(new EventTimeSorter(config), accountEvent)
                            .uid("event-time-order")
                            .name("Order each account's events by event time")
                            .setParallelism(1);
            perAccount = DataStreamUtils.reinterpretAsKeyedStream(ordered, byAccount, Types.STRING);
        }
        TypeInformation<EdgeRequest> edgeRequest = GraphTypes.EDGE_REQUEST;
        // Both state stages run as keyed process operators whose state cache writes back
        // (WriteBackOperator): same uid, state names and timers as .process(...).
        SingleOutputStreamOperator<EdgeRequest> accountEdges =
                perAccount
                        .transform(
                                "Account state and edge fan-out",
                                edgeRequest,
                                new WriteBackOperator<>(new AccountGraphFunction(config)))
                        .uid("account-graph");
        if (config.eventTimeOrder()) {
            accountEdges.setParallelism(1);
        }

        KeySelector<EdgeRequest, String> byNode = r -> r.node;
        SingleOutputStreamOperator<NodeAnswer> answers =
                accountEdges
                        .keyBy(byNode, Types.STRING)
                        .transform(
                                "Node state and one-hop answers",
                                GraphTypes.NODE_ANSWER,
                                new WriteBackOperator<>(new NodeGraphFunction(config)))
                        .uid("node-graph");

        // The account's half and the node answers, each as a one-piece join buffer, meet in one
        // keyed stream; the scoring models from the control topic reach every join subtask.
        DataStream<JoinBuffer> parts =
                accountEdges
                        .getSideOutput(StateDescriptors.ACCOUNT_PARTS)
                        .map(JoinBuffer::of, GraphTypes.JOIN_BUFFER)
                        .uid("join-pieces-parts")
                        .name("Account half to join piece");
        DataStream<JoinBuffer> answerPieces =
                answers.map(JoinBuffer::of, GraphTypes.JOIN_BUFFER)
                        .uid("join-pieces-answers")
                        .name("Answer to join piece");
        KeySelector<JoinBuffer, String> byEvent = JoinBuffer::eventId;
        BroadcastStream<String> models =
                inputs.modelUpdates().broadcast(StateDescriptors.SCORING_MODEL);
        SingleOutputStreamOperator<FraudScore> scores =
                parts.union(answerPieces)
                        .keyBy(byEvent, Types.STRING)
                        .connect(models)
                        .process(
                                new FeatureJoinFunction(config),
                                new AvroTypeInfo<>(FraudScore.class))
                        .uid("feature-join")
                        .name("Feature vector and score");

        // The ring stage sees only the suspicious links, and analysts' dismissals of cases;
        // rings cross every key, so it is one subtask.
        DataStream<RingLink> dismissals =
                inputs.feedback()
                        .process(new CaseVerdictsToRingLinks(), GraphTypes.RING_LINK)
                        .uid("ring-links-verdicts")
                        .name("Case verdicts to ring links");
        SingleOutputStreamOperator<RingCase> cases =
                scores.getSideOutput(StateDescriptors.RING_LINKS)
                        .union(dismissals)
                        .keyBy(l -> 0, Types.INT)
                        .process(
                                new RingDetectorFunction(
                                        config.rings(), RING_VERSION, config.eventTimeOrder()),
                                new AvroTypeInfo<>(RingCase.class))
                        .uid("ring-detector")
                        .name("Ring detection")
                        .setParallelism(1)
                        .setMaxParallelism(1);

        // Risk that spreads: case versions to their member accounts, money from risky senders to
        // its receivers, meet the scores keyed by account. After the join and the ring stage, not
        // in them: the ring stage learns of cases from the join, and a job cannot loop.
        KeySelector<RiskInput, String> byRiskAccount = RiskInput::accountId;
        DataStream<RiskInput> riskInputs =
                scores.map(RiskInput::of, GraphTypes.RISK_INPUT)
                        .uid("risk-inputs-scores")
                        .name("Score to risk input")
                        .union(
                                scores.getSideOutput(StateDescriptors.RISK_SIGNALS)
                                        .union(cases.getSideOutput(StateDescriptors.RISK_SIGNALS))
                                        .map(RiskInput::of, GraphTypes.RISK_INPUT)
                                        .uid("risk-inputs-signals")
                                        .name("Risk signal to risk input"));
        SingleOutputStreamOperator<FraudScore> decided =
                riskInputs
                        .keyBy(byRiskAccount, Types.STRING)
                        .connect(models)
                        .process(
                                new RiskSpreadFunction(config),
                                new AvroTypeInfo<>(FraudScore.class))
                        .uid("risk-spread")
                        .name("Risk that spreads through rings and money");
        if (config.eventTimeOrder()) {
            decided.setParallelism(1);
        }

        return new FraudOutputs(decided, cases);
    }
}
