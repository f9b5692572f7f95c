package org.fraudgraph.node;

import java.util.ArrayList;
import java.util.List;

/**
 * What the account stage makes of one event: the account's own features, and the nodes to ask (the
 * event's own, counted, and the account's other identity nodes, only queried for the two-hop and
 * taint features), or, for a verdict, the nodes to taint.
 */
public final class AccountStep {
    final List<String> names = new ArrayList<>(24);
    final List<Double> values = new ArrayList<>(24);

    /** Requests to send, one per node; the UPDATE and QUERY ones are answered. */
    public final List<EdgeRequest> requests = new ArrayList<>();

    /** The event's account was already confirmed as fraud (0 when not): taint distance 0. */
    public long confirmedAtMillis;

    void put(String name, double value) {
        names.add(name);
        values.add(value);
    }

    public String[] names() {
        return names.toArray(new String[0]);
    }

    public double[] values() {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Number of node answers the event's feature vector waits for. */
    public int answersExpected() {
        int n = 0;
        for (EdgeRequest r : requests) {
            if (r.answered()) {
                n++;
            }
        }
        return n;
    }
}
