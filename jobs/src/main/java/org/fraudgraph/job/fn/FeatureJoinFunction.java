package org.fraudgraph.job.fn;

import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.fraudgraph.feature.FeatureAssembler;
import org.fraudgraph.job.PipelineConfig;
import org.fraudgraph.job.state.JoinBuffer;
import org.fraudgraph.job.state.StateDescriptors;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.schema.FraudScore;

/**
 * The feature join, keyed by event id: waits for the account's half of the event and all its node
 * answers (they arrive in any order), assembles the feature vector and scores it. State for an
 * event lives only until its answers are in: one read and at most one write per arrival.
 */
public final class FeatureJoinFunction
        extends KeyedCoProcessFunction<String, AccountPart, NodeAnswer, FraudScore> {
    private static final long serialVersionUID = 1L;

    private final PipelineConfig config;
    private transient ValueState<JoinBuffer> buffer;
    private transient FeatureAssembler assembler;
    private transient Counter scored;

    public FeatureJoinFunction(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = getRuntimeContext().getState(StateDescriptors.joinBuffer());
        assembler = new FeatureAssembler(config.features());
        scored = getRuntimeContext().getMetricGroup().counter("eventsScored");
    }

    @Override
    public void processElement1(AccountPart part, Context ctx, Collector<FraudScore> out)
            throws Exception {
        JoinBuffer b = part.answersExpected == 0 ? new JoinBuffer() : buffer.value();
        if (b == null) {
            b = new JoinBuffer();
        }
        b.part = part;
        settle(b, out);
    }

    @Override
    public void processElement2(NodeAnswer answer, Context ctx, Collector<FraudScore> out)
            throws Exception {
        JoinBuffer b = buffer.value();
        if (b == null) {
            b = new JoinBuffer();
        }
        b.add(answer);
        settle(b, out);
    }

    private void settle(JoinBuffer b, Collector<FraudScore> out) throws Exception {
        if (!b.complete()) {
            buffer.update(b);
            return;
        }
        AccountPart p = b.part;
        Map<String, Double> features =
                assembler.assemble(
                        p.account,
                        p.eventTimeMillis,
                        p.confirmedAtMillis,
                        p.ids,
                        p.values,
                        Arrays.asList(b.answers));
        out.collect(
                config.scorer().score(p.eventId, p.kind, p.accountId, p.eventTimeMillis, features));
        scored.inc();
        if (p.answersExpected > 0) {
            buffer.clear();
        }
    }
}
