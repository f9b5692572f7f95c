package org.fraudgraph.replay.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fraudgraph.replay.GroundTruth;
import org.fraudgraph.replay.Pattern;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingMember;

/**
 * Compares a replay's scores and cases with the ground truth of its data set.
 *
 * <ul>
 *   <li><b>event</b>: an event is fraud when a ring made it ({@code fraud-events.csv}); it is
 *       alerted when its decision is REVIEW or BLOCK (in a sweep: when its score reaches the
 *       threshold).
 *   <li><b>account</b>: an account is fraud when it is labelled; it counts as found when one of its
 *       events at or after its label's start (a takeover's moment) is alerted. An unlabelled
 *       account with an alert is a false positive.
 *   <li><b>ring</b>: a case finds a ring when most of the case's accounts are that ring's members,
 *       whatever kind the case says (takeover victims whose money a case follows do not count);
 *       precision is over cases, recall over rings, so a ring split into three cases is one ring
 *       found and its split shows as cases per ring ({@link RingMeasure}). Per pattern, a right
 *       case counts for the pattern of the ring it found, a wrong one against the kind it claims.
 *       Account takeovers are not rings: a takeover counts as found when the victim is alerted
 *       after the takeover, and its precision is over the accounts alerted outside any ring.
 *   <li><b>honest look-alikes</b> (when the data set lists them): per kind, the accounts alerted
 *       and the accounts put in a case; each is a false alarm.
 *   <li><b>detection delay</b>: event time from a ring's first fraudulent event to its first case
 *       (takeovers: first alert).
 *   <li><b>history</b> (a data set generated with days of ordinary traffic before its period): its
 *       events are scored, so the job has met the accounts before the rings act, but only the
 *       period's are counted; the history's events and alerts are reported apart ({@link
 *       #countFrom}). Cases count wherever they open.
 *   <li><b>rings without events</b>: a ring the labels list but none of whose events is in the data
 *       set (a generated ring whose events all fall after its end) cannot be found from it and is
 *       not counted in ring recall, per pattern or in all; the result says how many there were.
 * </ul>
 *
 * Memory: a double per event and per account, and the labelled sets.
 */
public final class ReplayEvaluation {
    /** One false positive worth a look: the highest-scoring false alarm of an account. */
    public record FalsePositive(
            String eventId,
            String accountId,
            long eventMillis,
            double score,
            Decision decision,
            String reasons) {}

    /** A finished evaluation. */
    public record Result(
            long events,
            long alerts,
            Confusion event,
            Confusion account,
            RingMeasure ring,
            Map<String, PatternResult> patterns,
            List<Double> detectionDelaysSeconds,
            List<SweepPoint> sweep,
            List<FalsePositive> topFalsePositives,
            long cases,
            Map<String, HonestResult> honest,
            long falseAlarms,
            long ringsWithoutEvents,
            long historyEvents,
            long historyAlerts) {
        public double alertsPer10k() {
            return events == 0 ? 0 : alerts * 10_000.0 / events;
        }

        /**
         * Alerts on events of accounts no label calls fraud at the event's time (an ordinary or
         * look-alike customer, a takeover victim before the takeover), per 10,000 events: the
         * alerts a fraud team looks at for nothing. The rest of {@link #alertsPer10k} is on fraud
         * and grows with how much fraud the traffic holds.
         */
        public double falseAlarmsPer10k() {
            return events == 0 ? 0 : falseAlarms * 10_000.0 / events;
        }
    }

    /**
     * Per pattern: the ring-level measures, recall at event and account level, and the detection
     * delays of its found rings (seconds, sorted).
     */
    public record PatternResult(
            RingMeasure ring,
            long events,
            long eventsFound,
            long accounts,
            long accountsFound,
            List<Double> detectionDelaysSeconds) {}

    /** Honest accounts of one look-alike kind: how many, how many alerted, how many in a case. */
    public record HonestResult(long accounts, long alerted, long inCases) {}

    /** One threshold of a sweep. */
    public record SweepPoint(
            double threshold, Confusion event, Confusion account, double alertsPer10k) {}

    private static final int TOP_FALSE_POSITIVES = 20;

    private final Map<String, String> fraudEventRing = new HashMap<>();
    private final Map<String, GroundTruth.Label> accountLabels = new HashMap<>();
    private final Map<String, GroundTruth.Ring> rings = new LinkedHashMap<>();
    private final Map<String, Set<String>> ringAccounts = new HashMap<>();
    private final Map<String, String> honestKinds;

    private long countFromMillis = Long.MIN_VALUE;
    private long historyEvents;
    private long historyAlerts;
    private long events;
    private long alerts;
    private long falseAlarms;
    private long eventTp;
    private long eventFp;
    private final Map<String, Long> foundEventsPerRing = new HashMap<>();
    private DoubleList fraudEventScores = new DoubleList();
    private DoubleList honestEventScores = new DoubleList();

    /** Highest score per account (labelled: only at or after the label's start). */
    private final Map<String, double[]> accountMax = new HashMap<>();

    private final Set<String> alertedAccounts = new HashSet<>();
    private final Map<String, Long> takeoverFound = new HashMap<>();

    /**
     * Highest score first, then event id: a total order, so ties come out the same on every run.
     */
    private static final Comparator<FalsePositive> BY_SCORE =
            Comparator.comparingDouble(FalsePositive::score)
                    .reversed()
                    .thenComparing(FalsePositive::eventId);

    /** The worst false alarm of each unlabelled account. */
    private final Map<String, FalsePositive> falsePositives = new HashMap<>();

    private final List<RingCase> cases = new ArrayList<>();

    public ReplayEvaluation(GroundTruth truth) {
        honestKinds = truth.honestLookalikes();
        for (GroundTruth.FraudEvent e : truth.fraudEvents()) {
            fraudEventRing.put(e.eventId(), e.ringId());
        }
        for (GroundTruth.Ring r : truth.rings()) {
            rings.put(r.ringId(), r);
        }
        for (GroundTruth.Label l : truth.labels()) {
            if (l.type() == EntityType.ACCOUNT) {
                accountLabels.put(l.id(), l);
                ringAccounts.computeIfAbsent(l.ringId(), k -> new HashSet<>()).add(l.id());
            }
        }
    }

    /**
     * Counts only the events from {@code millis} on (a data set's period after its history); the
     * ones before are counted apart, as the history's events and alerts.
     */
    public ReplayEvaluation countFrom(long millis) {
        countFromMillis = millis;
        return this;
    }

    public void add(FraudScore score) {
        boolean alert = score.getDecision() != Decision.ALLOW;
        long time = score.getEventTime().toEpochMilli();
        if (time < countFromMillis) {
            historyEvents++;
            if (alert) {
                historyAlerts++;
            }
            return;
        }
        events++;
        String ring = fraudEventRing.get(score.getEventId());
        double value = score.getScore();
        if (alert) {
            alerts++;
        }
        if (ring != null) {
            fraudEventScores.add(value);
            if (alert) {
                eventTp++;
                foundEventsPerRing.merge(ring, 1L, Long::sum);
            }
        } else {
            honestEventScores.add(value);
            if (alert) {
                eventFp++;
            }
        }
        String account = score.getEntityId();
        GroundTruth.Label label = accountLabels.get(account);
        if (label == null || time >= label.fromMillis()) {
            double[] max =
                    accountMax.computeIfAbsent(
                            account, a -> new double[] {Double.NEGATIVE_INFINITY});
            max[0] = Math.max(max[0], value);
            if (alert) {
                alertedAccounts.add(account);
                if (label != null && isTakeover(label.pattern())) {
                    takeoverFound.merge(label.ringId(), time, Math::min);
                }
            }
        }
        if (alert && (label == null || time < label.fromMillis())) {
            falseAlarms++;
        }
        if (alert && ring == null && label == null) {
            FalsePositive candidate =
                    new FalsePositive(
                            score.getEventId(),
                            account,
                            time,
                            score.getScore(),
                            score.getDecision(),
                            String.join(
                                    "; ",
                                    score.getReasons().stream()
                                            .map(r -> r.getCode() + " (" + r.getDetail() + ")")
                                            .toList()));
            falsePositives.merge(account, candidate, (a, b) -> BY_SCORE.compare(a, b) <= 0 ? a : b);
        }
    }

    /** Adds a case; only the latest version of each case id counts. */
    public void add(RingCase ringCase) {
        cases.add(ringCase);
    }

    public Result result(List<Double> sweepThresholds) {
        Confusion event = new Confusion(eventTp, eventFp, fraudEventScores.size() - eventTp);
        long accountTp = 0;
        long accountFp = 0;
        for (String a : alertedAccounts) {
            if (accountLabels.containsKey(a)) {
                accountTp++;
            } else {
                accountFp++;
            }
        }
        Confusion account = new Confusion(accountTp, accountFp, accountLabels.size() - accountTp);

        // Latest version per case; first emission time per case (detection).
        Map<String, RingCase> latest = new TreeMap<>();
        Map<String, Long> firstSeen = new HashMap<>();
        for (RingCase c : cases) {
            latest.merge(c.getCaseId(), c, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
            firstSeen.merge(c.getCaseId(), c.getLastSeen().toEpochMilli(), Math::min);
        }
        Map<String, Long> ringDetected = new HashMap<>();
        // Per pattern: right cases of its rings, wrong cases claiming its kind.
        Map<String, long[]> casesPerPattern = new HashMap<>();
        Set<String> accountsInCases = new HashSet<>();
        long matchedCases = 0;
        for (RingCase c : latest.values()) {
            for (RingMember m : c.getMembers()) {
                if (m.getEntityType() == EntityType.ACCOUNT) {
                    accountsInCases.add(m.getEntityId());
                }
            }
            String ring = majorityRing(c);
            if (ring != null) {
                matchedCases++;
                ringDetected.merge(ring, firstSeen.get(c.getCaseId()), Math::min);
                casesPerPattern.computeIfAbsent(rings.get(ring).pattern(), k -> new long[2])[0]++;
            } else {
                casesPerPattern.computeIfAbsent(c.getKind().name(), k -> new long[2])[1]++;
            }
        }
        // A ring with no event in the data cannot be found from it.
        Set<String> acted = new HashSet<>(fraudEventRing.values());
        long ringsWithoutEvents = rings.keySet().stream().filter(r -> !acted.contains(r)).count();
        long ringsTotal =
                rings.values().stream()
                        .filter(r -> !isTakeover(r.pattern()) && acted.contains(r.ringId()))
                        .count();
        long ringsFound =
                ringDetected.keySet().stream()
                        .filter(r -> !isTakeover(rings.get(r).pattern()) && acted.contains(r))
                        .count();
        RingMeasure ring = new RingMeasure(matchedCases, latest.size(), ringsFound, ringsTotal);

        Map<String, PatternResult> patterns = new TreeMap<>(PATTERN_ORDER);
        List<Double> delays = new ArrayList<>();
        long outsideRings =
                alertedAccounts.stream().filter(a -> !accountLabels.containsKey(a)).count();
        // A row for every pattern with rings, and for every kind a wrong case claimed.
        Set<String> names = new HashSet<>(casesPerPattern.keySet());
        rings.values().stream()
                .filter(r -> acted.contains(r.ringId()))
                .forEach(r -> names.add(r.pattern()));
        for (String p : names) {
            List<GroundTruth.Ring> ofPattern =
                    rings.values().stream()
                            .filter(r -> r.pattern().equals(p) && acted.contains(r.ringId()))
                            .toList();
            long found = 0;
            long patternEvents = 0;
            long patternEventsFound = 0;
            long patternAccounts = 0;
            long patternAccountsFound = 0;
            List<Double> patternDelays = new ArrayList<>();
            for (GroundTruth.Ring r : ofPattern) {
                Long detectedAt =
                        isTakeover(p)
                                ? takeoverFound.get(r.ringId())
                                : ringDetected.get(r.ringId());
                if (detectedAt != null) {
                    found++;
                    double delay = Math.max(0, detectedAt - r.firstEventMillis()) / 1000.0;
                    delays.add(delay);
                    patternDelays.add(delay);
                }
                patternEventsFound += foundEventsPerRing.getOrDefault(r.ringId(), 0L);
                Set<String> members = ringAccounts.getOrDefault(r.ringId(), Set.of());
                patternAccounts += members.size();
                patternAccountsFound += members.stream().filter(alertedAccounts::contains).count();
            }
            for (String ringId : fraudEventRing.values()) {
                if (rings.get(ringId).pattern().equals(p)) {
                    patternEvents++;
                }
            }
            RingMeasure ringLevel;
            if (isTakeover(p)) {
                ringLevel = new RingMeasure(found, found + outsideRings, found, ofPattern.size());
            } else {
                long[] c = casesPerPattern.getOrDefault(p, new long[2]);
                ringLevel = new RingMeasure(c[0], c[0] + c[1], found, ofPattern.size());
            }
            patterns.put(
                    p,
                    new PatternResult(
                            ringLevel,
                            patternEvents,
                            patternEventsFound,
                            patternAccounts,
                            patternAccountsFound,
                            patternDelays.stream().sorted().toList()));
        }
        delays.sort(Double::compare);

        Map<String, HonestResult> lookalikes = new TreeMap<>();
        Map<String, long[]> honestCounts = new TreeMap<>();
        honestKinds.forEach(
                (id, kind) -> {
                    long[] c = honestCounts.computeIfAbsent(kind, k -> new long[3]);
                    c[0]++;
                    c[1] += alertedAccounts.contains(id) ? 1 : 0;
                    c[2] += accountsInCases.contains(id) ? 1 : 0;
                });
        honestCounts.forEach((kind, c) -> lookalikes.put(kind, new HonestResult(c[0], c[1], c[2])));

        List<SweepPoint> sweep = new ArrayList<>();
        if (!sweepThresholds.isEmpty()) {
            double[] fraud = fraudEventScores.sorted();
            double[] honest = honestEventScores.sorted();
            DoubleList labelledMax = new DoubleList();
            DoubleList unlabelledMax = new DoubleList();
            accountMax.forEach(
                    (a, max) ->
                            (accountLabels.containsKey(a) ? labelledMax : unlabelledMax)
                                    .add(max[0]));
            double[] labelled = labelledMax.sorted();
            double[] unlabelled = unlabelledMax.sorted();
            for (double t : sweepThresholds) {
                long tp = atLeast(fraud, t);
                long fp = atLeast(honest, t);
                long accTp = atLeast(labelled, t);
                long accFp = atLeast(unlabelled, t);
                sweep.add(
                        new SweepPoint(
                                t,
                                new Confusion(tp, fp, fraud.length - tp),
                                new Confusion(accTp, accFp, accountLabels.size() - accTp),
                                events == 0 ? 0 : (tp + fp) * 10_000.0 / events));
            }
        }
        List<FalsePositive> top =
                falsePositives.values().stream()
                        .sorted(BY_SCORE)
                        .limit(TOP_FALSE_POSITIVES)
                        .toList();
        return new Result(
                events,
                alerts,
                event,
                account,
                ring,
                patterns,
                delays,
                sweep,
                top,
                latest.size(),
                lookalikes,
                falseAlarms,
                ringsWithoutEvents,
                historyEvents,
                historyAlerts);
    }

    /** This project's patterns in their order, then any other name alphabetically. */
    private static final Comparator<String> PATTERN_ORDER =
            Comparator.comparingInt(ReplayEvaluation::known)
                    .thenComparing(Comparator.naturalOrder());

    private static int known(String pattern) {
        for (Pattern p : Pattern.values()) {
            if (p.name().equals(pattern)) {
                return p.ordinal();
            }
        }
        return Pattern.values().length;
    }

    private static boolean isTakeover(String pattern) {
        return Pattern.ACCOUNT_TAKEOVER.name().equals(pattern);
    }

    /**
     * The ring most of the case's accounts belong to, if more than half do. Takeover victims in the
     * case are where its money came from: neither members of the ring nor false alarms, they do not
     * vote (a case of victims alone finds no ring).
     */
    private String majorityRing(RingCase c) {
        Map<String, Integer> votes = new TreeMap<>();
        int accounts = 0;
        for (RingMember m : c.getMembers()) {
            if (m.getEntityType() != EntityType.ACCOUNT) {
                continue;
            }
            GroundTruth.Label label = accountLabels.get(m.getEntityId());
            if (label != null && isTakeover(label.pattern())) {
                continue;
            }
            accounts++;
            if (label != null) {
                votes.merge(label.ringId(), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> v : votes.entrySet()) {
            if (v.getValue() * 2 > accounts) {
                return v.getKey();
            }
        }
        return null;
    }

    /** Scores at least {@code threshold} in an ascending array. */
    private static long atLeast(double[] ascending, double threshold) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < threshold - 1e-9) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return ascending.length - lo;
    }

    /** A growable double array: eight bytes per event, not an object. */
    private static final class DoubleList {
        private double[] values = new double[1024];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        double[] sorted() {
            double[] out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }
}
