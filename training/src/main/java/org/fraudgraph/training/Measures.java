package org.fraudgraph.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * How good one model's scores of a set of rows are, as a fraud team reads it:
 *
 * <ul>
 *   <li><b>PR-AUC</b> (average precision) over events: the precision met on the way to each fraud
 *       event, highest scores first; 1 is perfect, the share of fraud events is chance;
 *   <li><b>account recall at an alert budget</b>: alert the highest-scoring events, as many as the
 *       budget allows per 10,000 events; which share of the fraud accounts has at least one alerted
 *       fraud event (and how many honest accounts were alerted);
 *   <li><b>calibration</b>: in ten bands of the score, the mean score against the share of fraud.
 * </ul>
 *
 * @param events rows measured
 * @param fraudEvents rows labelled fraud
 * @param fraudAccounts accounts with at least one fraud row
 * @param prAuc average precision over events
 * @param budgets account recall at each alert budget
 * @param calibration ten bands of the score
 */
public record Measures(
        int events,
        int fraudEvents,
        int fraudAccounts,
        double prAuc,
        List<AtBudget> budgets,
        List<Band> calibration) {

    /** Alert budgets a fraud team works to: alerts per 10,000 events. */
    public static final int[] BUDGETS = {10, 30, 100};

    /**
     * At one budget: the score from which events are alerted, the alerts per 10,000 events that
     * gives (ties can add a few), the share of fraud accounts caught and the honest accounts
     * alerted.
     */
    public record AtBudget(
            int per10k,
            double threshold,
            double alertsPer10k,
            double accountRecall,
            int honestAccountsAlerted) {}

    /** One band of scores: its range, rows, mean score and observed share of fraud. */
    public record Band(double from, double to, int rows, double meanScore, double fraudShare) {}

    /** Measures {@code scores} (one per row in {@code rows}) against the set's labels. */
    public static Measures of(TrainingSet set, int[] rows, double[] scores) {
        if (scores.length != rows.length) {
            throw new IllegalArgumentException("one score per row");
        }
        Integer[] order = IntStream.range(0, rows.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        int positives = 0;
        Set<String> fraudAccounts = new HashSet<>();
        for (int i = 0; i < rows.length; i++) {
            if (set.label(rows[i]) == 1) {
                positives++;
                fraudAccounts.add(set.account(rows[i]));
            }
        }
        double prAuc = averagePrecision(set, rows, scores, order, positives);
        List<AtBudget> budgets = new ArrayList<>();
        for (int budget : BUDGETS) {
            budgets.add(atBudget(set, rows, scores, order, budget, fraudAccounts.size()));
        }
        return new Measures(
                rows.length,
                positives,
                fraudAccounts.size(),
                prAuc,
                budgets,
                calibration(set, rows, scores));
    }

    /** Precision at each fraud event, averaged; events of one score count as one step. */
    private static double averagePrecision(
            TrainingSet set, int[] rows, double[] scores, Integer[] order, int positives) {
        if (positives == 0) {
            return Double.NaN;
        }
        double sum = 0;
        int seen = 0;
        int hits = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            int stepHits = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                stepHits += set.label(rows[order[j]]) == 1 ? 1 : 0;
                j++;
            }
            seen += j - i;
            hits += stepHits;
            sum += stepHits * (hits / (double) seen);
            i = j;
        }
        return sum / positives;
    }

    private static AtBudget atBudget(
            TrainingSet set,
            int[] rows,
            double[] scores,
            Integer[] order,
            int per10k,
            int fraudAccounts) {
        int allowed = (int) Math.floor(rows.length * per10k / 10_000.0);
        if (allowed == 0) {
            return new AtBudget(per10k, Double.POSITIVE_INFINITY, 0, 0, 0);
        }
        double threshold = scores[order[allowed - 1]];
        if (!(threshold > 0)) {
            threshold = Double.MIN_VALUE;
        }
        int alerts = 0;
        Set<String> caught = new HashSet<>();
        Set<String> honest = new HashSet<>();
        Map<String, Boolean> isFraudAccount = new HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            if (set.label(rows[i]) == 1) {
                isFraudAccount.put(set.account(rows[i]), true);
            }
        }
        for (Integer i : order) {
            if (scores[i] < threshold) {
                break;
            }
            alerts++;
            String account = set.account(rows[i]);
            if (set.label(rows[i]) == 1) {
                caught.add(account);
            } else if (!isFraudAccount.containsKey(account)
                    && !set.group(rows[i]).startsWith("ring:")) {
                honest.add(account);
            }
        }
        return new AtBudget(
                per10k,
                threshold,
                alerts * 10_000.0 / rows.length,
                fraudAccounts == 0 ? Double.NaN : caught.size() / (double) fraudAccounts,
                honest.size());
    }

    private static List<Band> calibration(TrainingSet set, int[] rows, double[] scores) {
        int bands = 10;
        int[] n = new int[bands];
        double[] sum = new double[bands];
        int[] fraud = new int[bands];
        for (int i = 0; i < rows.length; i++) {
            int b = Math.min(bands - 1, Math.max(0, (int) (scores[i] * bands)));
            n[b]++;
            sum[b] += scores[i];
            fraud[b] += set.label(rows[i]) == 1 ? 1 : 0;
        }
        List<Band> out = new ArrayList<>();
        for (int b = 0; b < bands; b++) {
            out.add(
                    new Band(
                            b / (double) bands,
                            (b + 1) / (double) bands,
                            n[b],
                            n[b] == 0 ? Double.NaN : sum[b] / n[b],
                            n[b] == 0 ? Double.NaN : fraud[b] / (double) n[b]));
        }
        return out;
    }

    /** The account recall at one budget. */
    public AtBudget at(int per10k) {
        return budgets.stream()
                .filter(b -> b.per10k() == per10k)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no budget " + per10k));
    }
}
