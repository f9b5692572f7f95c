package org.fraudgraph.training;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.replay.GroundTruth;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FraudScore;

/**
 * The scored events of one replay as rows to learn from: each event's feature vector (the {@code
 * features} its score carries), its label, its account and the group it is split by, and the
 * built-in model's score of it.
 *
 * <p>An event is fraud when its account is labelled and the event is at or after the label's start
 * (a taken-over account is its owner's until then); ring members' everyday events count as fraud,
 * as an alert on them is an alert on the ring. The group is the ring for ring members and the
 * account for everyone else, so that no ring and no account is in both the training and the test
 * part.
 *
 * <p>Money features in the platform's currency ({@link #CURRENCY_FEATURES}) are left out: a model
 * that learned "more than 12,000.00" would not hold in another currency; the relative amounts carry
 * the same information.
 */
public final class TrainingSet {
    /** Features in the platform's minor unit: never learned from. */
    public static final Set<String> CURRENCY_FEATURES =
            Set.of(
                    "account.amount_1h_minor",
                    "account.amount_24h_minor",
                    "account.amount_7d_minor");

    private final List<String> features;
    private final Map<String, Integer> column = new HashMap<>();
    private float[] values = new float[0];
    private float[] labels = new float[0];
    private double[] builtIn = new double[0];
    private String[] accounts = new String[0];
    private String[] groups = new String[0];
    private int rows;

    private TrainingSet(List<String> features) {
        this.features = List.copyOf(features);
        for (int i = 0; i < features.size(); i++) {
            column.put(features.get(i), i);
        }
    }

    /** An empty set with these feature columns, for rows built by hand with {@link #add}. */
    public static TrainingSet empty(List<String> features) {
        return new TrainingSet(features);
    }

    /** The features a model learns from, in column order: the catalogue without currency ones. */
    public static List<String> modelFeatures() {
        return FeatureCatalog.names().stream().filter(f -> !CURRENCY_FEATURES.contains(f)).toList();
    }

    /** The label role of an account taken over. */
    static final String VICTIM = "VICTIM";

    /** Reads a replay's {@code scores.avro} against the labels of its data set. */
    public static TrainingSet read(File scores, GroundTruth truth) throws IOException {
        return read(scores, truth, new Verdicts());
    }

    /**
     * Reads a replay's {@code scores.avro} against the labels of its data set, with {@code
     * verdicts} over them ({@link Verdicts}): an account an analyst confirmed is fraud in all its
     * events (from its label's start when it has one), one they cleared is honest. Accounts a
     * verdict on a case names are grouped by that case, like a ring. A takeover's victim (label
     * role {@code VICTIM}) is fraud only in the events the data set says the attacker made: its
     * owner's own events after the takeover are the owner's.
     */
    public static TrainingSet read(File scores, GroundTruth truth, Verdicts verdicts)
            throws IOException {
        Map<String, GroundTruth.Label> labelled = new HashMap<>();
        for (GroundTruth.Label l : truth.labels()) {
            if (l.type() == EntityType.ACCOUNT) {
                labelled.put(l.id(), l);
            }
        }
        java.util.Set<String> fraudEvents = new java.util.HashSet<>();
        for (GroundTruth.FraudEvent e : truth.fraudEvents()) {
            fraudEvents.add(e.eventId());
        }
        TrainingSet set = new TrainingSet(modelFeatures());
        try (DataFileReader<FraudScore> in =
                new DataFileReader<>(scores, new SpecificDatumReader<>(FraudScore.class))) {
            for (FraudScore s : in) {
                String account = s.getEntityId();
                GroundTruth.Label label = labelled.get(account);
                long t = s.getEventTime().toEpochMilli();
                boolean fraud =
                        label != null
                                && t >= label.fromMillis()
                                && (!VICTIM.equals(label.role())
                                        || fraudEvents.contains(s.getEventId()));
                String group = label != null ? "ring:" + label.ringId() : "account:" + account;
                org.fraudgraph.schema.FeedbackEvent verdict = verdicts.of(account);
                if (verdict != null) {
                    fraud =
                            Verdicts.isFraud(verdict.getVerdict())
                                    && (label == null || t >= label.fromMillis());
                    if (label == null && verdict.getCaseId() != null) {
                        group = "case:" + verdict.getCaseId();
                    }
                }
                set.add(s.getFeatures(), fraud, account, group, s.getScore());
            }
        }
        return set;
    }

    /** Adds one row; features the model does not know are ignored, missing ones are NaN. */
    public void add(
            Map<String, Double> vector, boolean fraud, String account, String group, double score) {
        int n = features.size();
        if (rows == labels.length) {
            int grown = Math.max(1024, rows * 2);
            values = Arrays.copyOf(values, grown * n);
            labels = Arrays.copyOf(labels, grown);
            builtIn = Arrays.copyOf(builtIn, grown);
            accounts = Arrays.copyOf(accounts, grown);
            groups = Arrays.copyOf(groups, grown);
        }
        int at = rows * n;
        Arrays.fill(values, at, at + n, Float.NaN);
        for (Map.Entry<String, Double> f : vector.entrySet()) {
            Integer c = column.get(f.getKey());
            if (c != null && f.getValue() != null && Double.isFinite(f.getValue())) {
                values[at + c] = f.getValue().floatValue();
            }
        }
        labels[rows] = fraud ? 1 : 0;
        builtIn[rows] = score;
        accounts[rows] = account;
        groups[rows] = group;
        rows++;
    }

    public List<String> features() {
        return features;
    }

    public int rows() {
        return rows;
    }

    public float label(int row) {
        return labels[row];
    }

    public String account(int row) {
        return accounts[row];
    }

    public String group(int row) {
        return groups[row];
    }

    /** The built-in model's score of the row (what the replay decided with). */
    public double builtInScore(int row) {
        return builtIn[row];
    }

    /** The feature values of these rows, row after row (NaN where a feature is absent). */
    public float[] values(int[] which) {
        int n = features.size();
        float[] out = new float[which.length * n];
        for (int i = 0; i < which.length; i++) {
            System.arraycopy(values, which[i] * n, out, i * n, n);
        }
        return out;
    }

    /** The labels of these rows. */
    public float[] labels(int[] which) {
        float[] out = new float[which.length];
        for (int i = 0; i < which.length; i++) {
            out[i] = labels[which[i]];
        }
        return out;
    }

    /** Every row. */
    public int[] all() {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = i;
        }
        return out;
    }

    /** The rows of the training part ({@code test == false}) or of the test part. */
    public int[] part(GroupSplit split, boolean test) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            if (split.inTest(groups[i]) == test) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
