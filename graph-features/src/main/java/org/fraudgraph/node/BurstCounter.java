package org.fraudgraph.node;

import org.fraudgraph.feature.MidasR;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;

/**
 * The exact MIDAS-R counts of one node or edge, as kept in keyed state: the current count (decayed
 * at each new tick), the total count, and the tick of the latest update. Ticks are event-time
 * ticks, so a replay gives the same scores as live. The chi-squared statistic uses the ticks since
 * the node was first seen as {@code t}.
 */
final class BurstCounter {
    double current;
    long total;
    long lastTick = Long.MIN_VALUE;

    /**
     * Counts one edge at {@code tick} and returns the chi-squared score of this counter; {@code
     * ticksSoFar} is the number of ticks since the node's first tick, at least 1. An update from an
     * earlier tick (a late event) counts in the current tick.
     */
    double add(long tick, long ticksSoFar, double decay) {
        if (lastTick != Long.MIN_VALUE && tick > lastTick) {
            long gap = tick - lastTick;
            current *= gap > 64 ? 0 : Math.pow(decay, gap);
        }
        lastTick = Math.max(lastTick, tick);
        current += 1;
        total += 1;
        return MidasR.chiSquared(current, total, ticksSoFar);
    }

    void write(ByteWriter out) {
        out.writeDouble(current);
        out.writeLong(total);
        out.writeLong(lastTick);
    }

    static BurstCounter read(ByteReader in) {
        BurstCounter c = new BurstCounter();
        c.current = in.readDouble();
        c.total = in.readLong();
        c.lastTick = in.readLong();
        return c;
    }
}
