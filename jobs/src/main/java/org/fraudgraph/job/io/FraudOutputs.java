package org.fraudgraph.job.io;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;

/**
 * The pipeline's output streams: one score per event (feedback aside; late events too, scored at
 * the job's event time) and ring cases.
 */
public record FraudOutputs(DataStream<FraudScore> scores, DataStream<RingCase> cases) {}
