package org.fraudgraph.job.io;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;

/** A score or a case, so replay collects both outputs from one job. Exactly one field is set. */
public final class ReplayResult {
    public FraudScore score;
    public RingCase ringCase;

    public ReplayResult() {}

    /** Both outputs of the pipeline as one stream. */
    public static DataStream<ReplayResult> of(FraudOutputs outputs) {
        DataStream<ReplayResult> scores =
                outputs.scores()
                        .map(
                                ReplayResult::ofScore,
                                org.apache.flink.api.common.typeinfo.TypeInformation.of(
                                        ReplayResult.class))
                        .uid("replay-scores")
                        .name("Replay scores");
        DataStream<ReplayResult> cases =
                outputs.cases()
                        .map(
                                ReplayResult::ofCase,
                                org.apache.flink.api.common.typeinfo.TypeInformation.of(
                                        ReplayResult.class))
                        .uid("replay-cases")
                        .name("Replay cases");
        return scores.union(cases);
    }

    private static ReplayResult ofScore(FraudScore score) {
        ReplayResult r = new ReplayResult();
        r.score = score;
        return r;
    }

    private static ReplayResult ofCase(RingCase ringCase) {
        ReplayResult r = new ReplayResult();
        r.ringCase = ringCase;
        return r;
    }
}
