package org.fraudgraph.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;

/**
 * The pipeline's output streams: one score per scored event, ring cases, and the events that came
 * later than the allowed lateness (not counted, not scored).
 */
public record FraudOutputs(
        DataStream<FraudScore> scores,
        DataStream<RingCase> cases,
        DataStream<AccountEvent> lateEvents) {}
