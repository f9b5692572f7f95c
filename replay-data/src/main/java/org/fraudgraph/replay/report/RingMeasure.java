package org.fraudgraph.replay.report;

/**
 * Ring-level quality, counted so that it cannot flatter: precision over cases (a case is right when
 * most of its accounts are one ring's members, whatever kind the case says), recall over rings (a
 * ring split into three cases is one ring found, and the split shows in {@link #casesPerRing()} and
 * nowhere else).
 *
 * @param casesRight cases whose accounts are mostly one ring's members
 * @param cases all cases counted
 * @param ringsFound rings at least one case found
 * @param rings all rings
 */
public record RingMeasure(long casesRight, long cases, long ringsFound, long rings) {
    /** Right cases over all cases; 0 without cases. */
    public double precision() {
        return cases == 0 ? 0 : (double) casesRight / cases;
    }

    /** Rings found over all rings; 0 without rings. */
    public double recall() {
        return rings == 0 ? 0 : (double) ringsFound / rings;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Right cases per ring found: 1 when each ring is one case; 0 when none was found. */
    public double casesPerRing() {
        return ringsFound == 0 ? 0 : (double) casesRight / ringsFound;
    }
}
