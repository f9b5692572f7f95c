package org.fraudgraph.node;

import java.util.Map;
import java.util.TreeMap;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.util.LongSet;

/**
 * Joins an event's account features and its nodes' answers into one feature vector, by stable
 * feature name (listed in {@link FeatureCatalog} and the README). Merging is order-free (maxima,
 * unions), so the answers may arrive in any order and the vector is the same.
 *
 * <ul>
 *   <li>one-hop features of the event's own nodes; where an event has several nodes of a kind
 *       (contact phones) the largest value counts;
 *   <li>{@code twohop.accounts_7d}: other accounts reachable in 7 d through any identity node of
 *       the account (device, phone, contact, id, card, address), {@code twohop.largest_set_7d}: the
 *       most other accounts on one of them, {@code twohop.contact_recent_applicant}: 1 when a
 *       contact phone of the account was given by another account's application in 24 h;
 *   <li>{@code taint.distance}, {@code taint.age_hours}, {@code taint.weight}: hops to the nearest
 *       confirmed fraud (0 the account itself, 1 a node it uses, 2 an account sharing a node), its
 *       age, and its weight halving every half-life; -1, -1, 0 when there is none;
 *   <li>{@code burst.score}: the largest MIDAS-R statistic of the event's edges and account;
 *   <li>{@code device.age_at_credentials_change_minutes}: how long the job had known the event's
 *       device when the account's password or phone last changed (only when both are known);
 *   <li>{@code device.first_seen_after_account_minutes}: how long after the job's first event of
 *       the account the event's device first appeared (0 when it came with the account or before).
 * </ul>
 */
public final class FeatureAssembler {
    private final FeatureSettings settings;

    public FeatureAssembler(FeatureSettings settings) {
        this.settings = settings;
    }

    /**
     * @param account hash of the event's account ({@link org.fraudgraph.graph.Keys#hash64})
     * @param timeMillis event time
     * @param accountConfirmedMillis when the account was confirmed as fraud, 0 if it is not
     */
    public Map<String, Double> assemble(
            long account,
            long timeMillis,
            long accountConfirmedMillis,
            int[] accountIds,
            double[] accountValues,
            Iterable<NodeAnswer> answers) {
        Map<String, Double> features = new TreeMap<>();
        for (int i = 0; i < accountIds.length; i++) {
            features.put(FeatureCatalog.name(accountIds[i]), accountValues[i]);
        }
        double burst = features.getOrDefault("burst.account", 0.0);
        LongSet linked = new LongSet();
        int largest = 0;
        boolean contactApplicant = false;
        int taintDistance = Integer.MAX_VALUE;
        long taintAge = Long.MAX_VALUE;
        if (accountConfirmedMillis != 0 && accountConfirmedMillis <= timeMillis) {
            taintDistance = 0;
            taintAge = timeMillis - accountConfirmedMillis;
        }
        for (NodeAnswer a : answers) {
            if (!a.query) {
                for (int i = 0; i < a.ids.length; i++) {
                    features.merge(FeatureCatalog.name(a.ids[i]), a.values[i], Math::max);
                }
                burst = Math.max(burst, a.burst);
            }
            NodeKind kind = NodeKind.ofKey(a.node);
            if (kind.identity()) {
                for (long other : a.accounts) {
                    if (other != account) {
                        linked.add(other);
                    }
                }
                largest = Math.max(largest, a.others7d);
                contactApplicant |= kind == NodeKind.CONTACT && a.others24h > 0;
            }
            if (a.taintDistance > 0
                    && (a.taintDistance < taintDistance
                            || (a.taintDistance == taintDistance && a.taintAgeMillis < taintAge))) {
                taintDistance = a.taintDistance;
                taintAge = a.taintAgeMillis;
            }
        }
        features.put("burst.score", burst);
        Double deviceAge = features.get("device.age_minutes");
        Double sinceChange = features.get("account.credentials_changed_minutes");
        if (deviceAge != null && sinceChange != null) {
            // How long the job had known the event's device when the account's credentials last
            // changed (0 when it first saw it after): a device that appeared just before a password
            // reset is the session that changed it, however long the session then took.
            features.put(
                    "device.age_at_credentials_change_minutes",
                    Math.max(0, deviceAge - sinceChange));
        }
        Double seenDays = features.get("account.seen_days");
        if (deviceAge != null && seenDays != null) {
            // A device is new to an account only when the job knew the account before it: on the
            // job's first day, or for an account it meets first, every device is as new as the
            // account.
            features.put(
                    "device.first_seen_after_account_minutes",
                    Math.max(0, seenDays * 1440 - deviceAge));
        }
        features.put("twohop.accounts_7d", (double) Math.max(linked.size(), largest));
        features.put("twohop.largest_set_7d", (double) largest);
        features.put("twohop.contact_recent_applicant", contactApplicant ? 1.0 : 0.0);
        boolean tainted = taintDistance != Integer.MAX_VALUE;
        features.put("taint.distance", tainted ? taintDistance : -1.0);
        features.put("taint.age_hours", tainted ? taintAge / 3_600_000.0 : -1.0);
        features.put("taint.weight", tainted ? settings.taintWeight(taintAge) : 0.0);
        return features;
    }
}
