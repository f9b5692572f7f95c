package org.fraudgraph.job.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EvidenceEvent;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingMember;

/**
 * Makes an output record fit the Kafka producer's request limit before it is sent: a record over
 * the limit would fail the sink, and the job would restart on it forever. What is cut is said in a
 * reason code {@value #CODE}, so a reader knows the record is not whole.
 *
 * <ul>
 *   <li>a ring case gives up its evidence events (the oldest first), then its edges, then its
 *       members (other nodes before accounts), half at a time;
 *   <li>a score gives up its feature values, then the details of its reasons.
 * </ul>
 *
 * With input fields bounded ({@link FieldBounds}) a score never comes near the limit; a ring case
 * of thousands of members with their evidence can.
 *
 * <pre>{@code
 * RingCase fitting = FitToLimit.ringCase(c, r -> codec.encode(r).length, 1_047_552);
 * }</pre>
 */
public final class FitToLimit {
    public static final String CODE = "CUT_TO_FIT";

    private FitToLimit() {}

    /** {@code c}, or a copy cut until {@code size} is at most {@code limit} bytes. */
    public static RingCase ringCase(RingCase c, ToIntFunction<RingCase> size, int limit) {
        if (size.applyAsInt(c) <= limit) {
            return c;
        }
        RingCase cut = RingCase.newBuilder(c).build();
        while (size.applyAsInt(cut) > limit) {
            if (!cut.getEvidence().isEmpty()) {
                List<EvidenceEvent> evidence = new ArrayList<>(cut.getEvidence());
                evidence.sort(Comparator.comparing(EvidenceEvent::getEventTime).reversed());
                List<EvidenceEvent> newest =
                        new ArrayList<>(evidence.subList(0, evidence.size() / 2));
                newest.sort(Comparator.comparing(EvidenceEvent::getEventTime));
                cut.setEvidence(newest);
            } else if (!cut.getEdges().isEmpty()) {
                cut.setEdges(new ArrayList<>(cut.getEdges().subList(0, cut.getEdges().size() / 2)));
            } else if (cut.getMembers().size() > 1) {
                List<RingMember> members = new ArrayList<>(cut.getMembers());
                members.sort(
                        Comparator.comparing(
                                (RingMember m) -> m.getEntityType() == EntityType.ACCOUNT ? 0 : 1));
                cut.setMembers(new ArrayList<>(members.subList(0, (members.size() + 1) / 2)));
            } else {
                break;
            }
            cut.setReasons(withCut(c.getReasons(), describe(c, cut, limit)));
        }
        return cut;
    }

    /** {@code s}, or a copy cut until {@code size} is at most {@code limit} bytes. */
    public static FraudScore score(FraudScore s, ToIntFunction<FraudScore> size, int limit) {
        if (size.applyAsInt(s) <= limit) {
            return s;
        }
        FraudScore cut = FraudScore.newBuilder(s).setFeatures(Map.of()).build();
        String detail =
                "the feature values were left out to fit the " + limit + "-byte record limit";
        cut.setReasons(withCut(s.getReasons(), detail));
        if (size.applyAsInt(cut) > limit) {
            List<ReasonCode> codes = new ArrayList<>();
            for (ReasonCode r : s.getReasons()) {
                codes.add(new ReasonCode(r.getCode(), r.getContribution(), ""));
            }
            cut.setReasons(withCut(codes, detail + ", and the details of the reasons"));
        }
        return cut;
    }

    private static String describe(RingCase whole, RingCase cut, int limit) {
        return String.format(
                "cut to fit the %,d-byte record limit: %,d of %,d evidence events, %,d of %,d edges,"
                        + " %,d of %,d members kept",
                limit,
                cut.getEvidence().size(),
                whole.getEvidence().size(),
                cut.getEdges().size(),
                whole.getEdges().size(),
                cut.getMembers().size(),
                whole.getMembers().size());
    }

    private static List<ReasonCode> withCut(List<ReasonCode> reasons, String detail) {
        List<ReasonCode> out = new ArrayList<>(reasons.size() + 1);
        out.add(new ReasonCode(CODE, 0.0, detail));
        for (ReasonCode r : reasons) {
            if (!r.getCode().equals(CODE)) {
                out.add(r);
            }
        }
        return out;
    }
}
