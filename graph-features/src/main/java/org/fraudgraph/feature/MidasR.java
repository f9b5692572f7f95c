package org.fraudgraph.feature;

/**
 * MIDAS-R edge-burst score (Bhatia, Hooi, Yoon, Shin, Faloutsos, "MIDAS: Microcluster-Based
 * Detector of Anomalies in Edge Streams", AAAI 2020): for each edge of a stream in time ticks, how
 * far its count in the current tick departs from its mean over all ticks so far, and the same for
 * its source and its destination node; the score is the largest of the three chi-squared
 * statistics. Current counts decay by {@code factor} at each new tick instead of being reset, so
 * bursts that straddle a tick boundary still stand out.
 *
 * <p>Counts live in count-min sketches, so memory is fixed ({@code 6 * rows * columns} doubles)
 * whatever the number of nodes; update cost O(rows) per edge. Ticks must not go backwards. Not
 * thread-safe.
 *
 * <pre>{@code
 * MidasR midas = new MidasR(2, 1024, 0.5, 7);
 * double score = midas.score(sourceId, destinationId, minute);
 * }</pre>
 */
public final class MidasR {
    private final double factor;
    private final CountMinSketch currentEdge;
    private final CountMinSketch totalEdge;
    private final CountMinSketch currentSource;
    private final CountMinSketch totalSource;
    private final CountMinSketch currentDestination;
    private final CountMinSketch totalDestination;
    private long tick = Long.MIN_VALUE;

    /**
     * @param rows hash rows of each sketch (the paper uses 2)
     * @param columns counters per row (the paper uses 1024)
     * @param factor decay of current counts at each new tick, in [0, 1) (the paper uses 0.5)
     * @param seed hash seed
     */
    public MidasR(int rows, int columns, double factor, long seed) {
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("decay factor must be in [0, 1), got " + factor);
        }
        this.factor = factor;
        currentEdge = new CountMinSketch(rows, columns, seed);
        totalEdge = new CountMinSketch(rows, columns, seed);
        currentSource = new CountMinSketch(rows, columns, seed + 1);
        totalSource = new CountMinSketch(rows, columns, seed + 1);
        currentDestination = new CountMinSketch(rows, columns, seed + 2);
        totalDestination = new CountMinSketch(rows, columns, seed + 2);
    }

    /**
     * Records the edge {@code source -> destination} at tick {@code t} (at least 1) and returns its
     * score.
     */
    public double score(long source, long destination, long t) {
        if (t < tick) {
            throw new IllegalArgumentException("tick went back from " + tick + " to " + t);
        }
        if (t < 1) {
            throw new IllegalArgumentException("ticks start at 1, got " + t);
        }
        if (t > tick) {
            currentEdge.scale(factor);
            currentSource.scale(factor);
            currentDestination.scale(factor);
            tick = t;
        }
        long edge = CountMinSketch.mix(source * 0x9E3779B97F4A7C15L + destination);
        double a = currentEdge.add(edge, 1);
        double s = totalEdge.add(edge, 1);
        double edgeScore = chiSquared(a, s, t);
        double sourceScore =
                chiSquared(currentSource.add(source, 1), totalSource.add(source, 1), t);
        double destinationScore =
                chiSquared(
                        currentDestination.add(destination, 1),
                        totalDestination.add(destination, 1),
                        t);
        return Math.max(edgeScore, Math.max(sourceScore, destinationScore));
    }

    /**
     * {@code ((a - s/t) * t)^2 / (s * (t - 1))}: count {@code a} in the current tick against the
     * mean {@code s/t} of the {@code t} ticks so far; 0 when {@code s = 0} or {@code t = 1}.
     */
    public static double chiSquared(double a, double s, long t) {
        if (s == 0 || t == 1) {
            return 0;
        }
        double deviation = (a - s / t) * t;
        return deviation * deviation / (s * (t - 1));
    }
}
