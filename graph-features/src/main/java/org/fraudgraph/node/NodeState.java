package org.fraudgraph.node;

import static org.fraudgraph.node.FeatureSettings.DAY;
import static org.fraudgraph.node.FeatureSettings.WEEK;
import static org.fraudgraph.node.FeatureSettings.WINDOWS;

import java.time.Duration;
import java.util.Arrays;
import org.fraudgraph.feature.Amounts;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.window.Neighbourhood;
import org.fraudgraph.window.TimeList;

/**
 * Everything the graph remembers about one non-account node (a device, an IP, a phone, a
 * merchant...): the accounts that touched it in the last 7 days, the times of its applications or
 * payments, its device flags, its taint, and its edge-burst counts. {@link #apply} turns one {@link
 * EdgeRequest} into the node's {@link NodeAnswer}.
 *
 * <p>Bounded: at most {@code nodeCap} accounts (past it the node is a hub), {@code eventCap} event
 * times and {@code edgeCap} edge counters; everything older than 7 days is dropped on update.
 * {@link NodeStateSerializer} writes it as one byte array, so the job reads and writes it once per
 * edge.
 *
 * <pre>{@code
 * NodeState device = NodeStateSerializer.deserialize(NodeKind.DEVICE, stored, settings);
 * NodeAnswer answer = device.apply(request, settings);
 * stored = NodeStateSerializer.serialize(device);
 * }</pre>
 */
public final class NodeState {
    final NodeKind kind;
    final Neighbourhood accounts;
    final Neighbourhood newBuyers;

    /** IP /24 nodes: the accounts that came through it on an emulator or rooted device. */
    final Neighbourhood emulators;

    final TimeList events;
    long firstSeenMillis = Long.MAX_VALUE;
    long lastSeenMillis = Long.MIN_VALUE;
    boolean emulator;
    boolean rooted;
    long confirmedAtMillis;
    long taintedAtMillis;
    long firstTick = Long.MAX_VALUE;
    BurstCounter burst = new BurstCounter();
    EdgeCounters edges = EdgeCounters.empty();

    /**
     * While an identity node has had one account only: that account's id and its latest event here.
     * The ring stage only hears of edges once a node is shared, so when a second account arrives
     * the answer hands this first use over (once) and the first account is not missing from the
     * ring until its next event.
     */
    String soleAccountId;

    String soleEventId;
    long soleAtMillis;
    long soleRegisteredMillis;

    /**
     * A merchant's round payments (see {@link EdgeRequest#roundPayment}) taken while its round
     * share was below {@link #ROUND_MERCHANT_SHARE}, oldest first, at most {@link
     * #ROUND_PAYMENTS_KEPT}: handed over once when the share reaches it, so the payments that made
     * the merchant stand out are judged too, not only the ones after.
     */
    NodeAnswer.Use[] roundPayments = NodeAnswer.NO_USES;

    /**
     * A merchant whose share of round payments in 7 days is at least this (the lower end of its 95
     * % interval, {@code merchant.round_amount_share_7d}) takes cash-out: its round payments are
     * ring links.
     */
    public static final double ROUND_MERCHANT_SHARE = 0.35;

    /**
     * Round payments a merchant keeps while its share is below the bar. A bound on state, not a
     * threshold: a merchant that takes only round payments reaches the bar at its third (the lower
     * end is 0.21 after one, 0.34 after two), so 2 would do for it; 8 keeps the latest of a
     * merchant whose ring pays among honest customers, whose share climbs more slowly.
     */
    public static final int ROUND_PAYMENTS_KEPT = 8;

    /** The size it was read from: the next encoding starts that large and rarely grows. */
    int readSize;

    NodeState(
            NodeKind kind,
            Neighbourhood accounts,
            Neighbourhood newBuyers,
            Neighbourhood emulators,
            TimeList events) {
        this.kind = kind;
        this.accounts = accounts;
        this.newBuyers = newBuyers;
        this.emulators = emulators;
        this.events = events;
    }

    public static NodeState empty(NodeKind kind, FeatureSettings settings) {
        return new NodeState(
                kind,
                Neighbourhood.empty(settings.nodeCap()),
                kind == NodeKind.MERCHANT ? Neighbourhood.empty(settings.nodeCap()) : null,
                kind == NodeKind.IP_PREFIX ? Neighbourhood.empty(settings.nodeCap()) : null,
                keepsEvents(kind) ? TimeList.empty(settings.eventCap()) : null);
    }

    static boolean keepsEvents(NodeKind kind) {
        return kind == NodeKind.MERCHANT || kind.countsApplications();
    }

    public NodeKind kind() {
        return kind;
    }

    /**
     * Applies one request and returns the node's answer to it, or {@code null} for the verdict
     * operations ({@code TAINT}, {@code CONFIRM}, {@code CLEAR}), which answer nothing.
     */
    public NodeAnswer apply(EdgeRequest request, FeatureSettings settings) {
        long t = request.eventTimeMillis;
        switch (request.op) {
            case TAINT -> {
                taintedAtMillis = Math.max(taintedAtMillis, t);
                lastSeenMillis = Math.max(lastSeenMillis, t);
                return null;
            }
            case CONFIRM -> {
                confirmedAtMillis = Math.max(confirmedAtMillis, t);
                lastSeenMillis = Math.max(lastSeenMillis, t);
                return null;
            }
            case CLEAR -> {
                confirmedAtMillis = 0;
                taintedAtMillis = 0;
                return null;
            }
            case QUERY -> {
                NodeAnswer answer = answer(request, settings);
                answer.query = true;
                return answer;
            }
            case UPDATE -> {
                NodeAnswer.Use handover = kind.identity() ? rememberFirstUse(request) : null;
                double edgeBurst = update(request, settings);
                NodeAnswer answer = answer(request, settings);
                answer.burst = edgeBurst;
                answer.firstUse = handover;
                oneHop(answer, request);
                if (kind == NodeKind.MERCHANT) {
                    roundPayments(answer, request);
                }
                return answer;
            }
            default -> throw new IllegalArgumentException("unknown op " + request.op);
        }
    }

    private double update(EdgeRequest r, FeatureSettings settings) {
        long t = r.eventTimeMillis;
        firstSeenMillis = Math.min(firstSeenMillis, t);
        lastSeenMillis = Math.max(lastSeenMillis, t);
        accounts.observe(r.account, t, WEEK);
        if (kind == NodeKind.MERCHANT) {
            if (r.newAccount) {
                newBuyers.observe(r.account, t, WEEK);
            }
            if (r.amountMinor > 0) {
                // Round, and round above the payer's usual range: a flash sale's customers pay
                // round prices within their usual range, a cash-out draws credit lines.
                events.add(
                        t,
                        (Amounts.round(r.amountMinor) ? TimeList.FIRST : 0)
                                | (r.largeRound ? LARGE_ROUND : 0),
                        WEEK);
            }
        } else if (kind.countsApplications() && r.application) {
            events.add(t, false, WEEK);
        } else if (kind == NodeKind.IP_PREFIX && (r.emulator || r.rooted)) {
            emulators.observe(r.account, t, WEEK);
        }
        if (kind == NodeKind.DEVICE) {
            emulator |= r.emulator;
            rooted |= r.rooted;
        }
        if (r.accountConfirmedMillis != 0 && kind.identity()) {
            // Only an identifier that ties accounts to one person or crew carries the taint on:
            // honest strangers share a confirmed fraudster's merchant, carrier IP or employer.
            taintedAtMillis = Math.max(taintedAtMillis, r.accountConfirmedMillis);
        }
        long tick = settings.tick(t);
        firstTick = Math.min(firstTick, tick);
        long ticks = Math.max(1, tick - firstTick + 1);
        double nodeScore = burst.add(tick, ticks, settings.burstDecay());
        double edgeScore =
                edges.add(r.account, tick, ticks, settings.burstDecay(), settings.edgeCap());
        return Math.max(nodeScore, edgeScore);
    }

    /**
     * Keeps the sole account's latest use while the node has one account in 7 days; returns it (and
     * forgets it) when this request brings a second account, else {@code null}.
     */
    private NodeAnswer.Use rememberFirstUse(EdgeRequest r) {
        long t = r.eventTimeMillis;
        // Counted at the node's latest time, so a late event sees what is already there.
        long now = Math.max(t, lastSeenMillis);
        int week = accounts.distinctWithin(now, WEEK);
        boolean known = accounts.seenWithin(r.account, now, WEEK);
        NodeAnswer.Use handover = null;
        if (week == 1 && !known && soleAccountId != null && r.accountId != null) {
            handover =
                    new NodeAnswer.Use(
                            soleAccountId, soleEventId, soleAtMillis, soleRegisteredMillis, 0);
        }
        if (r.accountId != null && (week == 0 || (week == 1 && known && t >= soleAtMillis))) {
            soleAccountId = r.accountId;
            soleEventId = r.eventId;
            soleAtMillis = t;
            soleRegisteredMillis = r.registeredMillis;
        } else if (week != 1 || !known) {
            soleAccountId = null;
            soleEventId = null;
            soleAtMillis = 0;
            soleRegisteredMillis = 0;
        }
        return handover;
    }

    /**
     * Keeps a round payment while the merchant's share (this answer's) is below the bar and within
     * reach; hands the kept ones of the last 7 days over (and forgets them) once it is not below.
     */
    private void roundPayments(NodeAnswer answer, EdgeRequest r) {
        long t = r.eventTimeMillis;
        int payments = events.countWithin(t, WEEK);
        int round = events.markedWithin(t, WEEK);
        if (shareAtLeast(round + ROUND_PAYMENTS_KEPT, payments + ROUND_PAYMENTS_KEPT)
                < ROUND_MERCHANT_SHARE) {
            // Out of reach: even as many round payments in a row as it keeps would not bring the
            // merchant to the bar, so what it kept now would leave before it could be handed over.
            // Most merchants are here, and keep nothing.
            roundPayments = NodeAnswer.NO_USES;
            return;
        }
        if (answer.value(ROUND_SHARE_7D) >= ROUND_MERCHANT_SHARE) {
            if (roundPayments.length > 0) {
                answer.roundPayments =
                        Arrays.stream(roundPayments)
                                .filter(u -> u.timeMillis() > t - WEEK.toMillis())
                                .toArray(NodeAnswer.Use[]::new);
                roundPayments = NodeAnswer.NO_USES;
            }
        } else if (r.roundPayment && r.accountId != null && r.amountMinor > 0) {
            NodeAnswer.Use use =
                    new NodeAnswer.Use(
                            r.accountId, r.eventId, t, r.registeredMillis, r.amountMinor);
            int keep = Math.min(roundPayments.length, ROUND_PAYMENTS_KEPT - 1);
            NodeAnswer.Use[] kept = new NodeAnswer.Use[keep + 1];
            System.arraycopy(roundPayments, roundPayments.length - keep, kept, 0, keep);
            kept[keep] = use;
            roundPayments = kept;
        }
    }

    /** Two-hop and taint, for updates and queries alike. */
    private NodeAnswer answer(EdgeRequest r, FeatureSettings settings) {
        long t = r.eventTimeMillis;
        NodeAnswer answer = new NodeAnswer();
        answer.eventId = r.eventId;
        answer.account = r.account;
        if (kind.identity()) {
            int week = accounts.distinctWithin(t, WEEK);
            answer.others7d = week - (accounts.seenWithin(r.account, t, WEEK) ? 1 : 0);
            answer.others24h =
                    accounts.distinctWithin(t, DAY)
                            - (accounts.seenWithin(r.account, t, DAY) ? 1 : 0);
            long latest = Math.max(t, lastSeenMillis);
            answer.shared =
                    answer.others7d > 0
                            || accounts.distinctWithin(latest, WEEK)
                                            - (accounts.seenWithin(r.account, latest, WEEK) ? 1 : 0)
                                    > 0;
            if (week <= settings.twoHopSample() && !accounts.hub()) {
                answer.accounts = accounts.keysWithin(t, WEEK);
            }
        }
        taint(answer, t, settings);
        return answer;
    }

    private void taint(NodeAnswer answer, long t, FeatureSettings settings) {
        if (confirmedAtMillis != 0
                && confirmedAtMillis <= t
                && settings.taintWeight(t - confirmedAtMillis) > 0) {
            answer.taintDistance = 1;
            answer.taintAgeMillis = t - confirmedAtMillis;
        } else if (taintedAtMillis != 0
                && taintedAtMillis <= t
                && settings.taintWeight(t - taintedAtMillis) > 0) {
            answer.taintDistance = 2;
            answer.taintAgeMillis = t - taintedAtMillis;
        }
    }

    private static final int[][] ONE_HOP = new int[NodeKind.values().length][];
    private static final int DEVICE_AGE_AT_APPLICATION =
            FeatureCatalog.id("application.device_age_minutes");
    private static final int ROUND_SHARE_7D = FeatureCatalog.id("merchant.round_amount_share_7d");
    private static final int LARGE_ROUND_SHARE_7D =
            FeatureCatalog.id("merchant.large_round_share_7d");

    private static final int[] MERCHANT_IDS;

    /** A merchant's payment mark: round and above its payer's usual range. */
    static final int LARGE_ROUND = 2;

    static {
        for (NodeKind k : NodeKind.values()) {
            ONE_HOP[k.ordinal()] =
                    FeatureCatalog.oneHopNames(k).stream().mapToInt(FeatureCatalog::id).toArray();
        }
        int[] oneHop = ONE_HOP[NodeKind.MERCHANT.ordinal()];
        MERCHANT_IDS = Arrays.copyOf(oneHop, oneHop.length + 1);
        MERCHANT_IDS[oneHop.length] = LARGE_ROUND_SHARE_7D;
    }

    /** The values of {@link FeatureCatalog#oneHopNames} for this kind, in that order. */
    private void oneHop(NodeAnswer answer, EdgeRequest r) {
        long t = r.eventTimeMillis;
        int[] ids = ONE_HOP[kind.ordinal()];
        boolean atApplication = kind == NodeKind.DEVICE && r.application;
        boolean merchant = kind == NodeKind.MERCHANT;
        double[] values = new double[ids.length + (atApplication || merchant ? 1 : 0)];
        int v = 0;
        for (Duration window : WINDOWS) {
            values[v++] = accounts.distinctWithin(t, window);
        }
        values[v++] = accounts.hub() || (events != null && events.saturated()) ? 1 : 0;
        if (kind == NodeKind.MERCHANT) {
            int payments = 0;
            for (int w = 1; w < WINDOWS.length; w++) {
                values[v++] =
                        share(
                                newBuyers.distinctWithin(t, WINDOWS[w]),
                                accounts.distinctWithin(t, WINDOWS[w]));
                payments = events.countWithin(t, WINDOWS[w]);
                values[v++] = shareAtLeast(events.markedWithin(t, WINDOWS[w]), payments);
            }
            // The last window is the week. Appended to the catalog after the one-hop names, so
            // not among them.
            values[v++] = shareAtLeast(events.markedWithin(t, WEEK, LARGE_ROUND), payments);
            ids = MERCHANT_IDS;
        } else if (kind.countsApplications()) {
            for (Duration window : WINDOWS) {
                values[v++] = events.countWithin(t, window);
            }
        } else if (kind == NodeKind.IP_PREFIX) {
            values[v++] = emulators.distinctWithin(t, DAY);
        }
        if (kind == NodeKind.DEVICE) {
            double ageMinutes = Math.max(0, t - firstSeenMillis) / 60_000.0;
            values[v++] = emulator ? 1 : 0;
            values[v++] = rooted ? 1 : 0;
            values[v++] = ageMinutes;
            if (atApplication) {
                values[v] = ageMinutes;
                ids = Arrays.copyOf(ids, ids.length + 1);
                ids[ids.length - 1] = DEVICE_AGE_AT_APPLICATION;
            }
        }
        answer.ids = ids;
        answer.values = values;
    }

    private static double share(int part, int whole) {
        return whole == 0 ? 0 : part / (double) whole;
    }

    /**
     * The share {@code part / whole} is at least this with 95 % confidence (the Wilson score
     * interval's lower end): one round payment of one is no "100 % round" merchant, thirty of
     * thirty are.
     */
    static double shareAtLeast(int part, int whole) {
        if (whole == 0) {
            return 0;
        }
        double z = 1.96;
        double n = whole;
        double p = part / n;
        double centre = p + z * z / (2 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return Math.max(0, (centre - spread) / (1 + z * z / n));
    }

    /**
     * When the node's state can go: 7 days after it was last touched, or later while a confirmation
     * or taint on it still counts; {@link Long#MIN_VALUE} when it holds nothing.
     */
    public long expiresAtMillis(FeatureSettings settings) {
        if (lastSeenMillis == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long until = lastSeenMillis + WEEK.toMillis();
        long verdict = Math.max(confirmedAtMillis, taintedAtMillis);
        if (verdict != 0) {
            until = Math.max(until, verdict + settings.taintRetention().toMillis());
        }
        return until;
    }

    /** Distinct accounts held (at most the node cap). */
    public int accountsHeld() {
        return accounts.size();
    }

    public boolean hub() {
        return accounts.hub();
    }
}
