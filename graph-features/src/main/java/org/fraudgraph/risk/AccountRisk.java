package org.fraudgraph.risk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.fraudgraph.graph.Keys;

/**
 * The risk that spread to one account from the graph around it, kept by the risk stage (keyed by
 * account): the open ring cases it is a member of, and the risky senders whose money it received
 * lately. Bounded: at most {@value #MAX_CASES} cases (the highest scores stay) and {@value
 * #MAX_SENDERS} senders (the latest stay), each forgotten after its time ({@link RiskSettings}).
 *
 * <p>Its features are present only while there is something to say, so an account no risk reached
 * scores exactly as the feature join scored it:
 *
 * <ul>
 *   <li>{@code case.open_cases}: open cases the account is a member of;
 *   <li>{@code case.score}: the highest of their scores;
 *   <li>{@code case.new_version}: 1 on the account's first event after one of those cases opened or
 *       grew (a new version reached it), then absent until the next version: an analyst's unit of
 *       work is the case, so a member is shown once per version, not on every event;
 *   <li>{@code taint.risky_senders_7d}: distinct accounts that sent it money in the taint window
 *       while flagged, confirmed as fraud or members of an open case.
 * </ul>
 *
 * A case's last version (closed by a false-positive verdict, merged, expired) ends the membership
 * at once: the member's next events score without it.
 */
public final class AccountRisk {
    public static final int MAX_CASES = 8;
    public static final int MAX_SENDERS = 16;

    public static final String OPEN_CASES = "case.open_cases";
    public static final String CASE_SCORE = "case.score";
    public static final String RISKY_SENDERS = "taint.risky_senders_7d";
    public static final String NEW_VERSION = "case.new_version";

    /**
     * One open case the account is a member of; {@code shown} once an event of the account carried
     * its latest version.
     */
    record Membership(
            String caseId, double score, long sinceMillis, long lastMillis, boolean shown) {}

    /** The latest money from one risky sender. */
    record Sender(long sender, long timeMillis, RiskSignal.Source source) {}

    final List<Membership> cases = new ArrayList<>(2);
    final List<Sender> senders = new ArrayList<>(2);

    /** Whether {@link #features} marked a version shown since this object was read. */
    private boolean changed;

    /** Whether {@link #features} changed what must be stored. */
    public boolean changed() {
        return changed;
    }

    public boolean isEmpty() {
        return cases.isEmpty() && senders.isEmpty();
    }

    /** Applies one signal; drops what has been forgotten by its time. */
    public void apply(RiskSignal signal, RiskSettings settings) {
        forget(signal.timeMillis, settings);
        if (signal.kind == RiskSignal.Kind.CASE) {
            int at = indexOf(signal.caseId);
            long since = at >= 0 ? cases.get(at).sinceMillis() : signal.timeMillis;
            if (at >= 0) {
                cases.remove(at);
            }
            if (signal.open) {
                cases.add(
                        new Membership(
                                signal.caseId,
                                clamp(signal.caseScore),
                                since,
                                signal.timeMillis,
                                false));
                if (cases.size() > MAX_CASES) {
                    cases.remove(
                            cases.stream()
                                    .min(
                                            Comparator.comparingDouble(Membership::score)
                                                    .thenComparingLong(Membership::lastMillis))
                                    .orElseThrow());
                }
            }
        } else {
            long sender = Keys.hash64(signal.fromAccountId);
            senders.removeIf(s -> s.sender() == sender);
            senders.add(new Sender(sender, signal.timeMillis, signal.source));
            if (senders.size() > MAX_SENDERS) {
                senders.remove(
                        senders.stream()
                                .min(Comparator.comparingLong(Sender::timeMillis))
                                .orElseThrow());
            }
        }
    }

    private static double clamp(double score) {
        return Double.isNaN(score) ? 0 : Math.max(0, Math.min(1, score));
    }

    private int indexOf(String caseId) {
        for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).caseId().equals(caseId)) {
                return i;
            }
        }
        return -1;
    }

    /** Drops memberships and senders whose time has passed at {@code timeMillis}. */
    public void forget(long timeMillis, RiskSettings settings) {
        long caseMemory = settings.caseMemory().toMillis();
        long taintWindow = settings.taintWindow().toMillis();
        cases.removeIf(c -> c.lastMillis() + caseMemory < timeMillis);
        senders.removeIf(s -> s.timeMillis() + taintWindow < timeMillis);
    }

    /**
     * Adds this account's risk features at {@code timeMillis} to {@code features}; returns whether
     * it added any. Marks the versions it reported as shown ({@link #changed} tells the caller to
     * store them).
     */
    public boolean features(long timeMillis, RiskSettings settings, Map<String, Double> features) {
        long caseMemory = settings.caseMemory().toMillis();
        long taintWindow = settings.taintWindow().toMillis();
        int open = 0;
        double score = 0;
        boolean newVersion = false;
        for (int i = 0; i < cases.size(); i++) {
            Membership c = cases.get(i);
            if (c.sinceMillis() <= timeMillis && c.lastMillis() + caseMemory >= timeMillis) {
                open++;
                score = Math.max(score, c.score());
                if (!c.shown() && c.lastMillis() <= timeMillis) {
                    newVersion = true;
                    cases.set(
                            i,
                            new Membership(
                                    c.caseId(), c.score(), c.sinceMillis(), c.lastMillis(), true));
                    changed = true;
                }
            }
        }
        if (newVersion) {
            features.put(NEW_VERSION, 1.0);
        }
        int risky = 0;
        for (Sender s : senders) {
            if (s.timeMillis() <= timeMillis && s.timeMillis() + taintWindow >= timeMillis) {
                risky++;
            }
        }
        if (open > 0) {
            features.put(OPEN_CASES, (double) open);
            features.put(CASE_SCORE, score);
        }
        if (risky > 0) {
            features.put(RISKY_SENDERS, (double) risky);
        }
        return open > 0 || risky > 0;
    }

    /** When everything here is forgotten, {@link Long#MIN_VALUE} when nothing is kept. */
    public long expiresAtMillis(RiskSettings settings) {
        long t = Long.MIN_VALUE;
        for (Membership c : cases) {
            t = Math.max(t, c.lastMillis() + settings.caseMemory().toMillis());
        }
        for (Sender s : senders) {
            t = Math.max(t, s.timeMillis() + settings.taintWindow().toMillis());
        }
        return t;
    }
}
