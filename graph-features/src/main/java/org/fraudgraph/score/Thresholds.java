package org.fraudgraph.score;

import java.io.Serializable;
import org.fraudgraph.schema.Decision;

/**
 * The two cut-offs that turn a score into a decision: at or above {@code review} a person looks at
 * it, at or above {@code block} the event is stopped.
 */
public record Thresholds(double review, double block) implements Serializable {
    public Thresholds {
        if (!(0 <= review && review <= block && block <= 1)) {
            throw new IllegalArgumentException(
                    "need 0 <= review <= block <= 1, got review=" + review + " block=" + block);
        }
    }

    public Decision decide(double score) {
        if (score >= block) {
            return Decision.BLOCK;
        }
        return score >= review ? Decision.REVIEW : Decision.ALLOW;
    }
}
