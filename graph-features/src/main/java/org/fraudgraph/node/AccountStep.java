package org.fraudgraph.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fraudgraph.feature.FeatureCatalog;

/**
 * What the account stage makes of one event: the account's own features, and the nodes to ask (the
 * event's own, counted, and the account's other identity nodes, only queried for the two-hop and
 * taint features), or, for a verdict, the nodes to taint.
 */
public final class AccountStep {
    private int[] ids = new int[24];
    private double[] values = new double[24];
    private int size;

    /** Requests to send, one per node; the UPDATE and QUERY ones are answered. */
    public final List<EdgeRequest> requests = new ArrayList<>();

    /** The event's account was already confirmed as fraud (0 when not): taint distance 0. */
    public long confirmedAtMillis;

    void put(String name, double value) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        ids[size] = FeatureCatalog.id(name);
        values[size] = value;
        size++;
    }

    /** The account's features as {@link FeatureCatalog} numbers. */
    public int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    public double[] values() {
        return Arrays.copyOf(values, size);
    }

    /** The account's features by name. */
    public Map<String, Double> features() {
        Map<String, Double> out = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            out.put(FeatureCatalog.name(ids[i]), values[i]);
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
