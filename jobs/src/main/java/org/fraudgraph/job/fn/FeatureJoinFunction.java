package org.fraudgraph.job.fn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.feature.FeatureAssembler;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.schema.FraudScore;

/**
 * The feature join, keyed by event id: waits for the account's half of the event and all its node
 * answers (they arrive in any order), assembles the feature vector and scores it. State for an
 * event lives only until its answers are in.
 */
public final class FeatureJoinFunction
        extends KeyedCoProcessFunction<String, AccountPart, NodeAnswer, FraudScore> {
    private static final long serialVersionUID = 1L;

    private final PipelineConfig config;
    private transient ValueState<AccountPart> part;
    private transient ListState<NodeAnswer> answers;
    private transient ValueState<Integer> received;
    private transient FeatureAssembler assembler;
    private transient Counter scored;

    public FeatureJoinFunction(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        part = getRuntimeContext().getState(StateDescriptors.joinPart());
        answers = getRuntimeContext().getListState(StateDescriptors.joinAnswers());
        received = getRuntimeContext().getState(StateDescriptors.joinReceived());
        assembler = new FeatureAssembler(config.features());
        scored = getRuntimeContext().getMetricGroup().counter("eventsScored");
    }

    @Override
    public void processElement1(AccountPart accountPart, Context ctx, Collector<FraudScore> out)
            throws Exception {
        Integer count = received.value();
        int have = count == null ? 0 : count;
        if (have == accountPart.answersExpected) {
            emit(accountPart, have == 0 ? List.of() : answers.get(), out);
        } else {
            part.update(accountPart);
        }
    }

    @Override
    public void processElement2(NodeAnswer answer, Context ctx, Collector<FraudScore> out)
            throws Exception {
        Integer count = received.value();
        int have = (count == null ? 0 : count) + 1;
        AccountPart accountPart = part.value();
        if (accountPart != null && have == accountPart.answersExpected) {
            List<NodeAnswer> all = new ArrayList<>(have);
            answers.get().forEach(all::add);
            all.add(answer);
            emit(accountPart, all, out);
        } else {
            answers.add(answer);
            received.update(have);
        }
    }

    private void emit(AccountPart p, Iterable<NodeAnswer> all, Collector<FraudScore> out) {
        Map<String, Double> features =
                assembler.assemble(
                        p.account, p.eventTimeMillis, p.confirmedAtMillis, p.names, p.values, all);
        out.collect(
                config.scorer().score(p.eventId, p.kind, p.accountId, p.eventTimeMillis, features));
        scored.inc();
        part.clear();
        answers.clear();
        received.clear();
    }
}
