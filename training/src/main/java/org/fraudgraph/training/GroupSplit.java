package org.fraudgraph.training;

import org.fraudgraph.graph.Keys;

/**
 * Splits rows into a training and a test part by group (a ring, or an account), never by event:
 * events of one ring are alike, and a model that saw some of them would be measured on what it
 * learned by heart. The same seed and group always fall on the same side.
 *
 * @param testShare share of groups held out for the test part, in (0, 1)
 * @param seed which split
 */
public record GroupSplit(double testShare, long seed) {
    public GroupSplit {
        if (!(testShare > 0 && testShare < 1)) {
            throw new IllegalArgumentException("the test share must be between 0 and 1");
        }
    }

    public boolean inTest(String group) {
        long h = Keys.hash64(seed + "\u0000" + group);
        return Long.remainderUnsigned(h, 10_000) < testShare * 10_000;
    }
}
