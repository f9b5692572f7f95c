package org.fraudgraph.risk;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long risk that spread to an account lasts.
 *
 * @param caseMemory a case membership with no new version for this long is forgotten (the ring
 *     stage's window: a case without new evidence for a window expires there too, and its last
 *     version ends the membership sooner)
 * @param taintWindow money received from a risky sender counts this long (the longest feature
 *     window, 7 d: the same week the job remembers every other count in)
 */
public record RiskSettings(Duration caseMemory, Duration taintWindow) implements Serializable {
    public RiskSettings {
        if (caseMemory.isNegative() || caseMemory.isZero()) {
            throw new IllegalArgumentException("case memory must be positive: " + caseMemory);
        }
        if (taintWindow.isNegative() || taintWindow.isZero()) {
            throw new IllegalArgumentException("taint window must be positive: " + taintWindow);
        }
    }

    /** Case memory {@code ringWindow}, taint window 7 d. */
    public static RiskSettings defaults(Duration ringWindow) {
        return new RiskSettings(ringWindow, Duration.ofDays(7));
    }
}
