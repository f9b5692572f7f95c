package org.fraudgraph.job.fn;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.fraudgraph.score.ModelConfig;
import org.fraudgraph.score.ScoringModel;

/**
 * The scoring model in force in one subtask of an operator that scores (the feature join, the risk
 * stage): the pipeline's starting model until a valid one arrives on the broadcast input; that one
 * is kept in the operator's broadcast state ({@code scoringModel}, key {@code active}), so a
 * restore brings it back. Each operator keeps its own copy: broadcast state belongs to one
 * operator.
 */
final class ModelInForce {
    private static final String ACTIVE = "active";

    private ScoringModel model;
    private String json;

    ModelInForce(ScoringModel start) {
        this.model = start;
    }

    /** The model in force; after a restore, the one the broadcast state holds. */
    ScoringModel current(ReadOnlyBroadcastState<String, String> state) throws Exception {
        String stored = state.get(ACTIVE);
        if (stored != null && stored != json) {
            // Restored from a checkpoint: the model was checked when it arrived.
            model = ModelConfig.parse(stored);
            json = stored;
        }
        return model;
    }

    /**
     * A model from the broadcast input: in force from now on and kept in the broadcast state, or
     * refused (the old one stays).
     *
     * @return the model it replaced
     * @throws ModelConfig.Invalid why it was refused
     */
    ScoringModel offer(String offered, BroadcastState<String, String> state) throws Exception {
        ScoringModel next = ModelConfig.parse(offered);
        state.put(ACTIVE, offered);
        ScoringModel before = model;
        model = next;
        json = offered;
        return before;
    }

    ScoringModel model() {
        return model;
    }
}
