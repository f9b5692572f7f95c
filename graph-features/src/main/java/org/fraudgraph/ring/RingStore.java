package org.fraudgraph.ring;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fraudgraph.graph.Keys;
import org.fraudgraph.ring.RingLink.Relation;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EvidenceEvent;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingEdge;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.util.Saturating;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.densesubgraph.GoldbergMaximumDensitySubgraphAlgorithm;
import org.jgrapht.alg.scoring.Coreness;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.jgrapht.graph.SimpleGraph;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * The ring stage's memory: the graph of suspicious links (accounts, the nodes they share, the
 * merchants they pay, the accounts they send money to) and the open cases, kept incrementally.
 *
 * <p>Each link updates its edge and then evaluates the part of the graph it touched, once per ring
 * kind, with JGraphT:
 *
 * <ul>
 *   <li>{@code DEVICE_FARM}: the accounts connected through shared devices and through the /24
 *       networks their emulators connect from (connected component), when more of them are new
 *       (registered within the window) than the platform's share of new accounts explains, or a few
 *       accounts of any age when a device is an emulator or rooted;
 *   <li>{@code APPLICATION_RING}: the accounts connected through shared phones, contacts, id
 *       numbers and addresses, kept only if they are in the 2-core (each shares at least two
 *       identifiers with the ring: a family sharing one address is not a ring), and only when more
 *       of them are new than the platform's share of new accounts among its active accounts
 *       explains, or they share an id number (a household shares an address and names the same
 *       relative as contact, but its people joined the platform one by one, as often as anyone, and
 *       each has an id number of their own);
 *   <li>{@code CASH_OUT}: the densest account–merchant block of suspicious payments (Goldberg's
 *       maximum-density subgraph) with its accounts' shared cards;
 *   <li>{@code MULE_CHAIN}: transfers passed on within the mule hop time (fast in–out), as a chain
 *       of enough accounts or any cycle; or, at any hop time and amount, a flow of more linked
 *       relays (money sent on after it came in, most of it) than chance explains ({@link #flow}).
 * </ul>
 *
 * A ring that crosses its size becomes a case; when it has grown by a fifth (in accounts) or two
 * cases merge, a new version of the oldest case is emitted (the absorbed one is closed), so a ring
 * is one case id and a handful of versions however it grows; an expired or closed case gets a last
 * version. Links leave after the window (event time); a case without new evidence for a window
 * expires with a last version. Plain Java, deterministic for a given link order.
 */
public final class RingStore {
    private static final int MAX_COMPONENT = 5_000;
    private static final int TRANSFER_TIMES = 8;
    private static final String ACCOUNT = "ACCOUNT:";
    static final Relation[] RELATIONS = Relation.values();
    private static final Set<Relation> FARM =
            EnumSet.of(Relation.USES_DEVICE, Relation.EMULATOR_NETWORK);
    private static final Set<Relation> APPLICATION =
            EnumSet.of(
                    Relation.GAVE_PHONE,
                    Relation.GAVE_CONTACT,
                    Relation.GAVE_ID_NUMBER,
                    Relation.GAVE_ADDRESS);
    private static final Set<Relation> CASH_OUT = EnumSet.of(Relation.PAYS, Relation.USES_CARD);
    private static final Set<Relation> MULE = EnumSet.of(Relation.TRANSFERS_TO);

    /** One edge of the link graph with its evidence. */
    static final class Edge {
        final String from;
        final String to;
        final Relation relation;
        long first;
        long last;
        long count;
        long amountMinor;

        /** The account registered within the window (as far as the job saw). */
        boolean newAccount;

        /** Transfers only: one of its transfers was held ({@link RingLink#held}). */
        boolean held;

        final ArrayDeque<Evidence> evidence = new ArrayDeque<>();

        /** Transfers only: the latest transfer times. */
        final ArrayDeque<Long> times = new ArrayDeque<>();

        /** Transfers only: the amounts of those transfers, in the same order. */
        final ArrayDeque<Long> amounts = new ArrayDeque<>();

        Edge(String from, String to, Relation relation) {
            this.from = from;
            this.to = to;
            this.relation = relation;
        }

        String other(String v) {
            return v.equals(from) ? to : from;
        }
    }

    static final class Case {
        String id;
        RingKind kind;
        int version;
        long sequence;
        long lastSeen;
        long emittedAccounts;
        TreeSet<String> members = new TreeSet<>();
    }

    private final RingSettings settings;
    private final String configVersion;
    final Map<String, Edge> edges = new LinkedHashMap<>();

    /**
     * The edges by the hour of event time of their last link when they were filed, so the hourly
     * sweep looks at the hours that left the window instead of at every edge (it walked them all,
     * each edge about 170 times in a week's life). Each edge is in exactly one hour; one linked
     * again since is filed under its new hour when its old hour is swept. Derived from the edges,
     * so not stored ({@link #fileAll}).
     */
    private final TreeMap<Long, List<Edge>> byHour = new TreeMap<>();

    private static final long HOUR_MILLIS = 3_600_000L;
    private final Map<String, List<Edge>> adjacency = new HashMap<>();
    final Set<String> flagged = new TreeSet<>();
    final Map<String, Case> cases = new TreeMap<>();
    final Map<String, String> caseOf = new HashMap<>();

    /**
     * Accounts of cases an analyst dismissed (false positive, cleared), with the time until which
     * they open no case among themselves: the dismissal's time plus the window.
     */
    final Map<String, Long> dismissed = new TreeMap<>();

    long caseSequence;
    long nextSweep = Long.MIN_VALUE;
    long linksSeen;

    /** Transfer edges in the store (senders and receivers within the window). */
    int transferEdges;

    /** The transfers seen: how many, and the mean and spread of their amounts' logarithms. */
    double transfers;

    double transferLogMean;
    double transferLogSquares;

    public RingStore(RingSettings settings, String configVersion) {
        this.settings = settings;
        this.configVersion = configVersion;
    }

    public int vertices() {
        return adjacency.size();
    }

    public int edges() {
        return edges.size();
    }

    public int openCases() {
        return cases.size();
    }

    public long linksSeen() {
        return linksSeen;
    }

    /** Adds a link and returns the case versions it caused (new, grown, merged or closed). */
    public List<RingCase> add(RingLink link) {
        if (link.relation == Relation.CASE_DISMISSED) {
            return dismiss(link);
        }
        linksSeen++;
        String account = ACCOUNT + link.accountId;
        String target =
                link.relation == Relation.TRANSFERS_TO ? ACCOUNT + link.target : link.target;
        if (account.equals(target)) {
            return List.of();
        }
        Edge e = edge(account, target, link.relation);
        // Whether the account is new is what its latest link says (registered within the window
        // at that link's time): an account new when it first used a node is not new for ever, or
        // a family's count of new members would only grow as they join, weeks apart.
        boolean newAccount = link.timeMillis >= e.last ? link.newAccount : e.newAccount;
        e.first = Math.min(e.first, link.timeMillis);
        e.last = Math.max(e.last, link.timeMillis);
        if (e.count++ == 0) {
            file(e);
        }
        e.amountMinor = Saturating.add(e.amountMinor, link.amountMinor);
        if (newAccount != e.newAccount) {
            int change = newAccount ? 1 : -1;
            if (e.relation == Relation.USES_DEVICE) {
                newDeviceUses += change;
            } else if (e.relation == Relation.TRANSFERS_TO) {
                newTransferEdges += change;
            }
        }
        e.newAccount = newAccount;
        if (e.evidence.stream().noneMatch(x -> x.eventId().equals(link.eventId))) {
            e.evidence.addLast(
                    link.evidence != null
                            ? link.evidence
                            : new Evidence(
                                    link.eventId,
                                    link.timeMillis,
                                    null,
                                    link.accountId,
                                    link.amountMinor,
                                    null,
                                    null,
                                    null,
                                    null));
            if (e.evidence.size() > settings.evidencePerEdge()) {
                e.evidence.removeFirst();
            }
        }
        if (link.relation == Relation.TRANSFERS_TO) {
            if (link.amountMinor > 0) {
                // Welford's running mean and variance, the baseline the flow rule weighs by.
                double x = Math.log(link.amountMinor);
                transfers++;
                double delta = x - transferLogMean;
                transferLogMean += delta / transfers;
                transferLogSquares += delta * (x - transferLogMean);
            }
            e.held |= link.held;
            e.times.addLast(link.timeMillis);
            e.amounts.addLast(link.amountMinor);
            if (e.times.size() > TRANSFER_TIMES) {
                e.times.removeFirst();
                e.amounts.removeFirst();
            }
        }
        if (link.emulator) {
            flagged.add(target);
        }
        List<RingCase> out = new ArrayList<>();
        touch(account, link.timeMillis);
        touch(target, link.timeMillis);
        switch (link.relation) {
            case USES_DEVICE, EMULATOR_NETWORK -> farm(account, link, out);
            case GAVE_PHONE, GAVE_CONTACT, GAVE_ID_NUMBER, GAVE_ADDRESS ->
                    application(account, link, out);
            case PAYS, USES_CARD -> cashOut(account, link, out);
            case TRANSFERS_TO -> mule(account, link, out);
        }
        return out;
    }

    /**
     * An analyst's verdict that case {@code link.target} is no ring: the case closes with a last
     * version, and until the window has passed its accounts open no case among themselves (the same
     * evidence would open it again); accounts outside it joining them open one as usual.
     */
    private List<RingCase> dismiss(RingLink link) {
        Case c = link.target == null ? null : cases.remove(link.target);
        if (c == null) {
            // Closed already (a verdict per member arrives), merged, expired or never seen.
            return List.of();
        }
        long until = Saturating.add(link.timeMillis, settings.window().toMillis());
        for (String m : c.members) {
            caseOf.remove(c.kind.name() + '|' + m, c.id);
            if (m.startsWith(ACCOUNT)) {
                dismissed.merge(m, until, Math::max);
            }
        }
        c.version++;
        return List.of(
                toCase(
                        c,
                        CaseStatus.CLOSED,
                        "DISMISSED",
                        "an analyst found no ring (verdict " + link.eventId + ")"));
    }

    /**
     * The open case, of any kind, that {@code accountId} is a member of, {@code null} when none
     * (the lowest case id when several).
     */
    public String openCaseOf(String accountId) {
        String vertex = ACCOUNT + accountId;
        String found = null;
        for (RingKind kind : RingKind.values()) {
            Case c = caseFor(kind, vertex);
            if (c != null && (found == null || c.id.compareTo(found) < 0)) {
                found = c.id;
            }
        }
        return found;
    }

    /** The key of the edge from {@code from} to {@code to} in {@link #edges}. */
    private static String key(String from, String to, Relation relation) {
        return from + '\u0000' + to + '\u0000' + relation.ordinal();
    }

    Edge edge(String from, String to, Relation relation) {
        String key = key(from, to, relation);
        Edge e = edges.get(key);
        if (e == null) {
            e = new Edge(from, to, relation);
            e.first = Long.MAX_VALUE;
            e.last = Long.MIN_VALUE;
            edges.put(key, e);
            if (relation == Relation.TRANSFERS_TO) {
                transferEdges++;
            } else if (relation == Relation.USES_DEVICE) {
                deviceUses++;
                if (!usedByAnAccount(to)) {
                    sharedDevices++;
                }
            } else if (APPLICATION.contains(relation)) {
                identityUses++;
            }
            adjacency.computeIfAbsent(from, k -> new ArrayList<>()).add(e);
            adjacency.computeIfAbsent(to, k -> new ArrayList<>()).add(e);
        }
        return e;
    }

    /** New evidence on a member keeps its cases open. */
    private void touch(String vertex, long time) {
        for (RingKind kind : RingKind.values()) {
            Case c = caseFor(kind, vertex);
            if (c != null) {
                c.lastSeen = Math.max(c.lastSeen, time);
            }
        }
    }

    private Case caseFor(RingKind kind, String vertex) {
        String id = caseOf.get(kind.name() + '|' + vertex);
        return id == null ? null : cases.get(id);
    }

    /** Vertices and edges reachable from {@code start} over the given relations, bounded. */
    private record Component(TreeSet<String> vertices, List<Edge> edges, boolean complete) {}

    private Component component(String start, Set<Relation> relations) {
        return component(start, relations, e -> true);
    }

    private Component component(
            String start, Set<Relation> relations, java.util.function.Predicate<Edge> keep) {
        TreeSet<String> seen = new TreeSet<>();
        List<Edge> found = new ArrayList<>();
        Set<Edge> foundSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ArrayDeque<String> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(start);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (Edge e : adjacency.getOrDefault(v, List.of())) {
                if (!relations.contains(e.relation) || !keep.test(e)) {
                    continue;
                }
                if (foundSet.add(e)) {
                    found.add(e);
                }
                String w = e.other(v);
                if (seen.add(w)) {
                    if (seen.size() > MAX_COMPONENT) {
                        return new Component(seen, found, false);
                    }
                    queue.add(w);
                }
            }
        }
        return new Component(seen, found, true);
    }

    private static List<Edge> edgesWithin(List<Edge> edges, Set<String> vertices) {
        return edges.stream()
                .filter(e -> vertices.contains(e.from) && vertices.contains(e.to))
                .toList();
    }

    /** Accounts of these edges that registered within the window. */
    private static long newAccounts(List<Edge> edges) {
        return edges.stream().filter(e -> e.newAccount).map(e -> e.from).distinct().count();
    }

    private static long accounts(Set<String> vertices) {
        return vertices.stream().filter(v -> v.startsWith(ACCOUNT)).count();
    }

    private void farm(String account, RingLink link, List<RingCase> out) {
        Component c = component(account, FARM);
        // Emulators and rooted phones are farm tools: a few accounts on them make a farm. On
        // ordinary phones it is the new accounts (registered within the window) that count: a
        // farm exists to make accounts, while a household or a shop counter shares a device among
        // customers who already have theirs, however many they are.
        boolean tools = c.vertices().stream().anyMatch(flagged::contains);
        boolean farm =
                tools
                        ? accounts(c.vertices()) >= settings.flaggedFarmAccounts()
                        : moreNewAccountsThanChance(c) || moreNewAccountsThanPhones(c);
        if (c.complete() && farm) {
            int before = out.size();
            upsert(RingKind.DEVICE_FARM, c.vertices(), link, out);
            if (out.size() > before) {
                // Only when the farm has a new version: it grew or merged.
                closeApplicationRingsOfFarm(caseFor(RingKind.DEVICE_FARM, account), out);
            }
        }
    }

    /**
     * Whether the shared devices' accounts hold more new accounts than chance explains. Households,
     * shop counters and offices share devices among people who mostly had their accounts before; a
     * farm's product is new accounts. With {@code p} the share of new accounts among all account
     * uses of shared devices in the store (the platform's own rate, {@link #newAccountShare}), a
     * component of {@code n} accounts of which {@code k} are new is a farm when {@code k} or more
     * new ones happen by chance less than once among the store's shared devices: {@code P(X >= k) <
     * 1 / devices}, {@code X ~ Binomial(n, p)}. So a crew registering an account a day on a few
     * phones is a farm after as many accounts as the platform's rate makes unlikely (fewer where
     * new accounts are rare), and a family of twelve with two newcomers is not. Until the store has
     * seen {@value #FARM_BASELINE} account uses of shared devices the share is too uncertain, and
     * the farm needs {@link RingSettings#farmAccounts} new accounts, as before. A phone is one
     * person's: as many of the new accounts as the component has devices are taken for their owners
     * (a household of four joining together on their phones is no farm) and left out of both
     * counts.
     */
    private boolean moreNewAccountsThanChance(Component c) {
        long k = newAccounts(c.edges());
        if (k < 2) {
            return false;
        }
        double[] share = newAccountShare();
        if (share == null) {
            return k >= settings.farmAccounts();
        }
        // A phone is one person's: as many new accounts as the shared devices are phones may be
        // their owners, a household joining together; only the others are weighed against the
        // platform's share.
        long owners = Math.min(k, phones(c));
        long n = accounts(c.vertices()) - owners;
        k -= owners;
        if (k < 2) {
            return false;
        }
        return rarerThanChances(n, k, share);
    }

    /**
     * Whether more new accounts than the shared devices have phones each used two or more of them:
     * a phone pool working for more new accounts than it holds. People own a phone each: a
     * household whose members log in on each other's phones has as many phones as people using them
     * across, however new to the platform they all are (a household joining together is as new as a
     * farm, so {@link #moreNewAccountsThanChance} cannot tell them apart); a crew registering an
     * account a day on one of a few phones and working it on another has more such accounts than
     * phones after its third. A crew of two on two phones looks like a couple and is not found this
     * way.
     */
    private boolean moreNewAccountsThanPhones(Component c) {
        Map<String, Integer> devicesOf = new HashMap<>();
        Set<String> fresh = new HashSet<>();
        for (Edge e : c.edges()) {
            if (e.relation == Relation.USES_DEVICE) {
                devicesOf.merge(e.from, 1, Integer::sum);
                if (e.newAccount) {
                    fresh.add(e.from);
                }
            }
        }
        long phones = phones(c);
        long across = fresh.stream().filter(a -> devicesOf.get(a) >= 2).count();
        return across > phones && phones >= 2;
    }

    /** The devices (not networks) of a farm component. */
    private static long phones(Component c) {
        return c.vertices().stream().filter(v -> v.startsWith("DEVICE:")).count();
    }

    /** Account uses of shared devices the farm rule needs before it trusts their new share. */
    static final int FARM_BASELINE = 200;

    /**
     * {new share, shared devices} of the store now, {@code null} below {@value #FARM_BASELINE}
     * uses.
     */
    private double[] newAccountShare() {
        if (deviceUses < FARM_BASELINE) {
            return null;
        }
        // Never 0 or 1: one more use each way (Laplace), so one new account where none were is
        // unlikely, not impossible.
        return new double[] {(newDeviceUses + 1.0) / (deviceUses + 2.0), sharedDevices};
    }

    /** Account–device edges in the store, those of new accounts, and the devices they reach. */
    long deviceUses;

    long newDeviceUses;
    long sharedDevices;

    /** Account–identifier edges of applications (phones, contacts, id numbers, addresses). */
    long identityUses;

    /** Transfer edges whose sender registered within the window. */
    long newTransferEdges;

    /**
     * Counts the device, identifier and new senders' transfer uses again from the edges (after a
     * restore: they are not stored).
     */
    void recountDeviceUses() {
        deviceUses = 0;
        newDeviceUses = 0;
        identityUses = 0;
        newTransferEdges = 0;
        Set<String> devices = new HashSet<>();
        for (Edge e : edges.values()) {
            if (e.relation == Relation.USES_DEVICE) {
                deviceUses++;
                newDeviceUses += e.newAccount ? 1 : 0;
                devices.add(e.to);
            } else if (APPLICATION.contains(e.relation)) {
                identityUses++;
            } else if (e.relation == Relation.TRANSFERS_TO) {
                newTransferEdges += e.newAccount ? 1 : 0;
            }
        }
        sharedDevices = devices.size();
    }

    private boolean usedByAnAccount(String device) {
        for (Edge e : adjacency.getOrDefault(device, List.of())) {
            if (e.relation == Relation.USES_DEVICE) {
                return true;
            }
        }
        return false;
    }

    /**
     * {share of new accounts among the platform's active accounts, chances} for the application
     * rule, {@code null} while the store has seen fewer than {@value #FARM_BASELINE} transfer
     * edges. The share is that of transfer edges whose sender is new: every transfer reaches the
     * ring stage, so they are a sample of the active accounts that the rings do not make (the
     * givers of shared identifiers are not: a ring's own accounts are among them). The chances are
     * the disjoint groups the givers could make: each account of a candidate ring gives at least
     * two of its identifiers, so there are at most {@code identityUses / (2 ×} {@link
     * RingSettings#applicationAccounts}{@code )} of them, however the identifiers are shared.
     */
    private double[] newApplicantShare() {
        if (transferEdges < FARM_BASELINE) {
            return null;
        }
        return new double[] {
            (newTransferEdges + 1.0) / (transferEdges + 2.0),
            identityUses / (2.0 * settings.applicationAccounts())
        };
    }

    /**
     * {@code ln P(X >= k)} for {@code X ~ Binomial(n, p)}, summed in log space; 0 when {@code k} is
     * at most the mean (the tail is then about a half or more, and the rule only asks whether it is
     * small).
     */
    static double binomialTailLog(long n, long k, double p) {
        if (k <= n * p) {
            return 0;
        }
        if (k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        double lp = Math.log(p);
        double lq = Math.log1p(-p);
        // The first term, then each next one from the ratio of successive terms.
        double term = logChoose(n, k) + k * lp + (n - k) * lq;
        double max = term;
        double sum = 1;
        double t = term;
        for (long i = k; i < n; i++) {
            t += Math.log((double) (n - i) / (i + 1)) + lp - lq;
            if (t < max - 40) {
                break;
            }
            sum += Math.exp(t - max);
        }
        return Math.min(0, max + Math.log(sum));
    }

    /**
     * How usual the pace of {@code v}'s transfers that carried money on is for it: the log of the
     * chance that an account sending at its own pace (its other transfers in the window, at least
     * one) sends as many in the time from {@code from} to the last of them (a Poisson tail).
     */
    private double paceLog(String v, long from, List<Edge> carried) {
        int sent = 0;
        for (Edge e : adjacency.getOrDefault(v, List.of())) {
            if (e.relation == Relation.TRANSFERS_TO && e.from.equals(v)) {
                sent += e.times.size();
            }
        }
        int k = 0;
        long last = from;
        for (Edge e : carried) {
            for (long t : e.times) {
                if (t > from) {
                    k++;
                    last = Math.max(last, t);
                }
            }
        }
        if (k == 0) {
            return 0;
        }
        double own = Math.max(1, sent - k);
        double lambda =
                own * Math.max(60_000L, last - from) / (double) settings.window().toMillis();
        return poissonTailLog(lambda, k);
    }

    /** The log of P(X ≥ k) for X Poisson with mean {@code lambda}. */
    static double poissonTailLog(double lambda, long k) {
        if (k <= lambda) {
            return 0;
        }
        double term = -lambda + k * Math.log(lambda);
        for (long i = 2; i <= k; i++) {
            term -= Math.log(i);
        }
        double sum = 1;
        double t = term;
        for (long i = k + 1; i <= k + 100_000; i++) {
            t += Math.log(lambda / i);
            if (t < term - 40) {
                break;
            }
            sum += Math.exp(t - term);
        }
        return Math.min(0, term + Math.log(sum));
    }

    private static double logChoose(long n, long k) {
        double r = 0;
        for (long i = 0; i < k; i++) {
            r += Math.log((double) (n - i) / (i + 1));
        }
        return r;
    }

    /**
     * An application ring whose accounts are mostly this farm's is the farm applying with recycled
     * contacts: the farm's case, not a second one ({@link #mostlyFarm} keeps new ones from forming;
     * this closes one that formed before the farm's devices were linked).
     */
    private void closeApplicationRingsOfFarm(Case farm, List<RingCase> out) {
        if (farm == null) {
            return;
        }
        TreeMap<Long, Case> rings = new TreeMap<>();
        for (String m : farm.members) {
            Case ring = caseFor(RingKind.APPLICATION_RING, m);
            if (ring != null) {
                rings.put(ring.sequence, ring);
            }
        }
        for (Case ring : rings.values()) {
            if (!mostlyFarm(ring.members)) {
                continue;
            }
            cases.remove(ring.id);
            for (String m : ring.members) {
                caseOf.remove(RingKind.APPLICATION_RING.name() + '|' + m, ring.id);
            }
            ring.version++;
            out.add(
                    toCase(
                            ring,
                            CaseStatus.CLOSED,
                            "MERGED",
                            "part of device farm case " + farm.id));
        }
    }

    private void application(String account, RingLink link, List<RingCase> out) {
        Component c = component(account, APPLICATION);
        if (!c.complete() || accounts(c.vertices()) < settings.applicationAccounts()) {
            return;
        }
        Graph<String, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
        c.vertices().forEach(g::addVertex);
        for (Edge e : c.edges()) {
            g.addEdge(e.from, e.to);
        }
        Map<String, Integer> core = new Coreness<>(g).getScores();
        Set<String> twoCore = new TreeSet<>();
        core.forEach(
                (v, k) -> {
                    if (k >= 2) {
                        twoCore.add(v);
                    }
                });
        if (!twoCore.contains(account)) {
            return;
        }
        Set<String> ring =
                new TreeSet<>(
                        new ConnectivityInspector<>(new AsSubgraph<>(g, twoCore))
                                .connectedSetOf(account));
        if (accounts(ring) >= settings.applicationAccounts()
                && (moreNewAccountsThanChance(ring, edgesWithin(c.edges(), ring))
                        || ring.stream().anyMatch(v -> v.startsWith("ID_NUMBER:")))
                && !mostlyFarm(ring)) {
            upsert(RingKind.APPLICATION_RING, ring, link, out);
        }
    }

    /**
     * Whether the ring's accounts hold more new ones than chance explains, by the farm rule's test
     * ({@link #moreNewAccountsThanChance(Component)}) against the share of new accounts among the
     * platform's active accounts ({@link #newApplicantShare}): a family or a shared office's
     * contact has newcomers now and then, as often as the platform has them, and a ring opens
     * accounts to apply. Until the store has seen {@value #FARM_BASELINE} transfer edges, {@link
     * RingSettings#applicationAccounts} new accounts, as before.
     */
    private boolean moreNewAccountsThanChance(Set<String> ring, List<Edge> edges) {
        long k = newAccounts(edges);
        double[] share = newApplicantShare();
        if (share == null) {
            return k >= settings.applicationAccounts();
        }
        if (k < 2) {
            return false;
        }
        return rarerThanChances(accounts(ring), k, share);
    }

    /**
     * Whether {@code k} or more new accounts of {@code n}, each new with the probability {@code
     * share[0]}, happen by chance less than once in {@code share[1]} chances (the farm and the
     * application rule's test).
     */
    private static boolean rarerThanChances(long n, long k, double[] share) {
        return -binomialTailLog(n, k, share[0]) > Math.log(Math.max(2, share[1]));
    }

    /**
     * Device farms apply for credit with recycled contact phones: their accounts form an
     * application-ring shape too, but they are the farm's case, not a second one.
     */
    private boolean mostlyFarm(Set<String> ring) {
        long accounts = 0;
        long inFarm = 0;
        for (String v : ring) {
            if (v.startsWith(ACCOUNT)) {
                accounts++;
                if (caseFor(RingKind.DEVICE_FARM, v) != null) {
                    inFarm++;
                }
            }
        }
        return inFarm * 2 >= accounts;
    }

    private void cashOut(String account, RingLink link, List<RingCase> out) {
        Component c = component(account, CASH_OUT);
        if (!c.complete()) {
            return;
        }
        SimpleWeightedGraph<String, DefaultWeightedEdge> g =
                new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        for (Edge e : c.edges()) {
            if (e.relation == Relation.PAYS) {
                g.addVertex(e.from);
                g.addVertex(e.to);
                g.setEdgeWeight(g.addEdge(e.from, e.to), e.count);
            }
        }
        long merchants = g.vertexSet().stream().filter(v -> !v.startsWith(ACCOUNT)).count();
        if (merchants < settings.cashOutMerchants()
                || accounts(g.vertexSet()) < settings.cashOutAccounts()) {
            return;
        }
        Set<String> dense =
                new TreeSet<>(
                        new GoldbergMaximumDensitySubgraphAlgorithm<>(
                                        g, "\u0000source", "\u0000sink", 1e-3)
                                .calculateDensest()
                                .vertexSet());
        long denseMerchants = dense.stream().filter(v -> !v.startsWith(ACCOUNT)).count();
        if (denseMerchants >= settings.cashOutMerchants()
                && accounts(dense) >= settings.cashOutAccounts()
                && dense.contains(account)) {
            // The members' shared cards belong to the ring too.
            Set<String> ring = new TreeSet<>(dense);
            for (Edge e : c.edges()) {
                if (e.relation == Relation.USES_CARD && dense.contains(e.from)) {
                    ring.add(e.to);
                }
            }
            upsert(RingKind.CASH_OUT, ring, link, out);
        }
    }

    private void mule(String account, RingLink link, List<RingCase> out) {
        flow(account, link, out);
        if (Double.isNaN(chanceMatch())) {
            // Which transfers are large is known once the stage has a baseline.
            return;
        }
        double large = transferLogMean + settings.muleLargeTransfer() * transferLogSd();
        Component c = component(account, MULE, e -> Math.log(mean(e)) >= large);
        if (!c.complete() || c.edges().isEmpty()) {
            return;
        }
        long hop = settings.muleHop().toMillis();
        SimpleDirectedGraph<String, DefaultEdge> fast =
                new SimpleDirectedGraph<>(DefaultEdge.class);
        for (Edge in : c.edges()) {
            for (Edge outEdge : adjacency.getOrDefault(in.to, List.of())) {
                if (outEdge.relation != Relation.TRANSFERS_TO
                        || !outEdge.from.equals(in.to)
                        || Math.log(mean(outEdge)) < large) {
                    continue;
                }
                if (passedOn(in, outEdge, hop)) {
                    for (Edge e : List.of(in, outEdge)) {
                        fast.addVertex(e.from);
                        fast.addVertex(e.to);
                        if (!e.from.equals(e.to)) {
                            fast.addEdge(e.from, e.to);
                        }
                    }
                }
            }
        }
        if (!fast.containsVertex(account)) {
            return;
        }
        Set<String> chain =
                new TreeSet<>(new ConnectivityInspector<>(fast).connectedSetOf(account));
        boolean cycle = new CycleDetector<>(new AsSubgraph<>(fast, chain)).detectCycles();
        if (chain.size() >= settings.muleAccounts() || cycle && chain.size() >= 3) {
            upsert(RingKind.MULE_CHAIN, chain, link, out);
        }
    }

    /**
     * Money flow at any hop time and in any currency scale. An account <em>relays</em> money when a
     * transfer it sent carries on what it had received before, between {@value #PASS_ON_LEAST} and
     * all of it: one transfer for one, one for several received (a gather), several for one (a
     * scatter), or several for several. A mule keeps a cut; an honest person spends, saves or sends
     * their own money, but two unrelated amounts also fall that close by chance. So a flow becomes
     * a case only when it holds more relays than chance explains: a match happens by chance with
     * the probability {@code p} that one transfer amount falls within that band of another (from
     * the spread of the transfer amounts the store has seen), so an account that could have matched
     * in {@code k} ways relays by chance with {@code 1 - (1 - p)^k} (a busy account matches
     * something by chance, a mule's one transfer in and one out seldom). A flow whose relaying
     * accounts are together that unlikely, less than once among the {@code n} transfer edges of the
     * store (each a flow the rule looks at), is a case.
     *
     * <p>In odds: a flow's prior odds of being laundering are one in the {@code n} transfer edges,
     * and its relays multiply them by how unlikely they are by chance; a case when the odds pass
     * one. Money the job held ({@link RingLink#held}: scored REVIEW or BLOCK, or sent by an account
     * confirmed as fraud) is as likely stolen as not, so its path starts at even odds: a single
     * account carrying it on, less likely than even by chance, makes the path a case (a taken-over
     * account's money scattered by one mule to many, {@link #heldPath}).
     */
    private void flow(String account, RingLink link, List<RingCase> out) {
        Edge start = edges.get(key(account, ACCOUNT + link.target, Relation.TRANSFERS_TO));
        double p = chanceMatch();
        if (start == null
                || Double.isNaN(p)
                || !hasTransfer(start.from, true) && !hasTransfer(start.to, false)) {
            // No relay can hold this transfer: its sender received nothing, its receiver sent
            // nothing (most transfers, and they cost no more than this).
            return;
        }
        Map<String, Relays> relays = new HashMap<>();
        Set<Edge> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> relaying = new TreeSet<>();
        ArrayDeque<Edge> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(start);
        while (!queue.isEmpty() && seen.size() <= FLOW_EDGES_MAX) {
            Edge e = queue.poll();
            for (String v : List.of(e.from, e.to)) {
                Relays r = relays.computeIfAbsent(v, this::relays);
                if (!r.pairs().isEmpty() && weight(r, p) <= RELAY_LEAST_WEIGHT) {
                    // As likely chance as a relay: it neither joins the flow nor carries it on
                    // (a busy honest account that happens to pass an amount on).
                    continue;
                }
                for (Edge[] pair : r.pairs()) {
                    if (pair[0] != e && pair[1] != e) {
                        continue;
                    }
                    relaying.add(v);
                    for (Edge next : pair) {
                        if (seen.add(next)) {
                            queue.add(next);
                        }
                    }
                    // Scatter-gather: the others that relayed from the same sender to the same
                    // receiver.
                    for (Edge sibling : transfers(pair[0].from)) {
                        if (sibling == pair[0] || !sibling.from.equals(pair[0].from)) {
                            continue;
                        }
                        Relays r2 = relays.computeIfAbsent(sibling.to, this::relays);
                        if (r2.pairs().isEmpty() || weight(r2, p) <= RELAY_LEAST_WEIGHT) {
                            continue;
                        }
                        for (Edge[] p2 : r2.pairs()) {
                            if (p2[0] == sibling && p2[1].to.equals(pair[1].to)) {
                                for (Edge next : p2) {
                                    if (seen.add(next)) {
                                        queue.add(next);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        double surprise = 0;
        for (String v : relaying) {
            surprise += weight(relays.get(v), p);
        }
        Set<String> ring = new TreeSet<>();
        if (surprise > Math.log(Math.max(2, transferEdges))) {
            for (Edge e : seen) {
                ring.add(e.from);
                ring.add(e.to);
            }
        } else {
            ring = heldPath(seen, relays, p);
        }
        if (!ring.isEmpty()) {
            upsert(RingKind.MULE_CHAIN, ring, link, out);
        }
    }

    /**
     * Where held money went: from each held transfer into an account of {@code edges}, the relays
     * that carried it on, and on from there; the accounts of those transfers, empty when no one
     * carried held money on. Only the held money's path, so an honest account that happened to pass
     * an amount on elsewhere in the flow stays out of the case. An account carries held money on
     * when transfers out after it add up to it (80 % to all of it) and came faster than its own
     * pace explains at even odds ({@link #paceLog}): a mule passes money on faster than it sends
     * its own; an honest account paying its usual payees at its usual pace reaches any sum sooner
     * or later, so by amounts alone it would always seem to carry it on.
     */
    private Set<String> heldPath(Set<Edge> edges, Map<String, Relays> relays, double p) {
        Set<Edge> path = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ArrayDeque<Edge> queue = new ArrayDeque<>();
        Set<Edge> starts = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Edge e : edges) {
            for (String v : List.of(e.from, e.to)) {
                // Held money that reached the flow's accounts, whether or not they relayed it as
                // the flow sees relays.
                for (Edge in : adjacency.getOrDefault(v, List.of())) {
                    if (in.held && in.to.equals(v) && starts.add(in)) {
                        queue.add(in);
                    }
                }
            }
        }
        while (!queue.isEmpty() && path.size() <= FLOW_EDGES_MAX) {
            Edge in = queue.poll();
            Relays r = relays.computeIfAbsent(in.to, this::relays);
            List<Edge> carried = new ArrayList<>();
            for (Edge[] pair : r.pairs().subList(0, r.direct())) {
                if (pair[0] == in && !carried.contains(pair[1])) {
                    carried.add(pair[1]);
                }
            }
            if (carried.isEmpty() || -paceLog(in.to, in.first, carried) <= RELAY_LEAST_WEIGHT) {
                continue;
            }
            path.add(in);
            for (Edge next : carried) {
                if (path.add(next)) {
                    queue.add(next);
                }
            }
        }
        Set<String> ring = new TreeSet<>();
        for (Edge e : path) {
            ring.add(e.from);
            ring.add(e.to);
        }
        return ring;
    }

    /**
     * The chance that one transfer amount falls within the relay band of another, from the spread
     * of the amounts seen; {@code NaN} while the store has seen fewer than {@value #FLOW_BASELINE}
     * transfers.
     */
    double chanceMatch() {
        if (transfers < FLOW_BASELINE) {
            return Double.NaN;
        }
        double sd = transferLogSd();
        // The log of a ratio of two independent amounts has twice the variance.
        return 0.5 - normalCdf(Math.log(PASS_ON_LEAST) / (sd * Math.sqrt(2)));
    }

    /** The standard deviation of the logarithms of the transfer amounts seen. */
    private double transferLogSd() {
        return Math.sqrt(transferLogSquares / Math.max(1, transfers - 1));
    }

    /**
     * How unlikely an account's relays are by chance: −ln of the chance that at least one of its
     * {@code tests} ways to match does, with {@code p} the chance of one.
     */
    private static double weight(Relays r, double p) {
        return -Math.log(1 - Math.pow(1 - p, r.tests()));
    }

    /**
     * A relaying account joins a flow only when its relays are less likely than even by chance
     * (weight above −ln ½): one that matches by chance at least half the time is as likely an
     * honest account that happened to pass an amount on, and following it grows a case into the
     * honest background (a case of 77 accounts, 76 of them honest, on varied seed 43).
     */
    static final double RELAY_LEAST_WEIGHT = Math.log(2);

    /**
     * Transfers seen before the flow rule trusts its baseline: the spread of the logarithms of n
     * amounts is known to within 1/√(2(n − 1)) (its standard error), 7 % at 100, and the chance of
     * a match follows it about as closely (6.3 % at a spread of 1, 6.7 % at 0.93). 1,000 (2 %) kept
     * the rule off for the first five hours of a job's first day (the first 1,000 transfers of
     * every generated week), and missed laundering groups that moved money in them.
     */
    static final int FLOW_BASELINE = 100;

    /** Least share of what an account received that it must send on to relay it. */
    static final double PASS_ON_LEAST = 0.8;

    /** Pairs of a transfer in and one out above which an account is not looked at for relays. */
    static final int FLOW_PAIRS_MAX = 4_096;

    /** Transfers a flow is followed to, so a giant honest web costs bounded work. */
    private static final int FLOW_EDGES_MAX = 10_000;

    /**
     * An account's relays, and in how many ways its transfers could have matched. The first {@code
     * direct} pairs name what carried what (one for one, a gather, a scatter); the rest, only when
     * there are none, pair every transfer in with every one out (all it received for all it sent),
     * which says the account relays but not which transfer carried which.
     */
    private record Relays(List<Edge[]> pairs, int tests, int direct) {}

    /** One transfer an edge keeps: when, and how much. */
    private record Transfer(Edge edge, long time, double amount) {}

    /**
     * The transfers {@code e} keeps (its latest {@value #TRANSFER_TIMES}), each with its own
     * amount: a group that moves money over the same accounts twice, a different sum each time,
     * relays each sum.
     */
    private static List<Transfer> transfersOf(Edge e) {
        List<Transfer> out = new ArrayList<>(e.times.size());
        java.util.Iterator<Long> amounts = e.amounts.iterator();
        for (long t : e.times) {
            out.add(new Transfer(e, t, amounts.hasNext() ? amounts.next() : mean(e)));
        }
        return out;
    }

    /**
     * The relays of account {@code v}: pairs of an edge in and the edge out carrying one of its
     * transfers on (each transfer judged by its own time and amount). The finest explanation wins:
     * a transfer matched one for one is in no gather or scatter, and all-for-all is only for an
     * account no transfer of which is matched. A coarser one pairs in whatever else the account
     * received, and an honest friend who paid a mule the day before became part of the crew's case.
     */
    private Relays relays(String v) {
        List<Edge> inEdges = new ArrayList<>();
        List<Edge> outEdges = new ArrayList<>();
        for (Edge e : adjacency.getOrDefault(v, List.of())) {
            if (e.relation == Relation.TRANSFERS_TO) {
                (e.to.equals(v) ? inEdges : outEdges).add(e);
            }
        }
        if (inEdges.isEmpty() || outEdges.isEmpty()) {
            return new Relays(List.of(), 0, 0);
        }
        List<Transfer> ins = new ArrayList<>();
        List<Transfer> outs = new ArrayList<>();
        inEdges.forEach(e -> ins.addAll(transfersOf(e)));
        outEdges.forEach(e -> outs.addAll(transfersOf(e)));
        if ((long) ins.size() * outs.size() > FLOW_PAIRS_MAX) {
            // An account that could match in this many ways matches by chance: it weighs nothing
            // in a flow, and looking costs what its size costs.
            return new Relays(List.of(), Integer.MAX_VALUE, 0);
        }
        ins.sort(java.util.Comparator.comparingLong(Transfer::time));
        outs.sort(java.util.Comparator.comparingLong(Transfer::time));
        Set<List<Edge>> pairs = new java.util.LinkedHashSet<>();
        // One for one.
        boolean[] inMatched = new boolean[ins.size()];
        boolean[] outMatched = new boolean[outs.size()];
        for (int o = 0; o < outs.size(); o++) {
            Transfer out = outs.get(o);
            for (int i = 0; i < ins.size() && ins.get(i).time() < out.time(); i++) {
                if (carries(out.amount(), ins.get(i).amount())) {
                    pairs.add(List.of(ins.get(i).edge(), out.edge()));
                    inMatched[i] = true;
                    outMatched[o] = true;
                }
            }
        }
        // Several for one, where no single transfer explains a transfer out: it carries what
        // arrived last before it, as much as it needs (a relay passes on what just came in; money
        // its owner was paid the day before is not the crew's).
        for (int o = 0; o < outs.size(); o++) {
            Transfer out = outs.get(o);
            if (outMatched[o]) {
                continue;
            }
            int last = ins.size() - 1;
            while (last >= 0 && ins.get(last).time() >= out.time()) {
                last--;
            }
            double gathered = 0;
            for (int i = last; i >= 0; i--) {
                gathered += ins.get(i).amount();
                if (gathered >= out.amount()) {
                    if (last - i >= 1 && carries(out.amount(), gathered)) {
                        for (int j = i; j <= last; j++) {
                            pairs.add(List.of(ins.get(j).edge(), out.edge()));
                        }
                    }
                    break;
                }
            }
        }
        // One for several, where no single transfer out passes a transfer in on: the transfers
        // out after it, in turn, for as long as they add up to no more than it (until it is spent).
        for (int i = 0; i < ins.size(); i++) {
            Transfer in = ins.get(i);
            if (inMatched[i]) {
                continue;
            }
            int first = 0;
            while (first < outs.size() && outs.get(first).time() <= in.time()) {
                first++;
            }
            double scattered = 0;
            int end = first;
            while (end < outs.size() && scattered + outs.get(end).amount() <= in.amount()) {
                scattered += outs.get(end).amount();
                end++;
            }
            if (end - first >= 2 && carries(scattered, in.amount())) {
                for (int j = first; j < end; j++) {
                    pairs.add(List.of(in.edge(), outs.get(j).edge()));
                }
            }
        }
        double in = ins.stream().mapToDouble(Transfer::amount).sum();
        double sent = outs.stream().mapToDouble(Transfer::amount).sum();
        long firstIn = ins.stream().mapToLong(Transfer::time).min().orElse(Long.MAX_VALUE);
        int direct = pairs.size();
        if (direct == 0
                && ins.size() >= 2
                && outs.size() >= 2
                && carries(sent, in)
                && outs.stream().allMatch(o -> o.time() > firstIn)) {
            for (Transfer i : ins) {
                for (Transfer o : outs) {
                    pairs.add(List.of(i.edge(), o.edge()));
                }
            }
        }
        List<Edge[]> edgePairs = new ArrayList<>(pairs.size());
        pairs.forEach(pair -> edgePairs.add(new Edge[] {pair.get(0), pair.get(1)}));
        return new Relays(edgePairs, tests(inEdges, outEdges), direct);
    }

    /**
     * In how many ways an account with these transfer edges could have matched by chance: each edge
     * in with each later edge out, each edge out with the sum of several edges in before it, each
     * edge in with the growing sum of the edges out after it (a chance per edge out), and all in
     * with all out. Counted over edges, not transfers: a crew repeating a run over the same
     * accounts tries no new way, an honest account trading with many others does.
     */
    private static int tests(List<Edge> ins, List<Edge> outs) {
        int tests = 0;
        for (Edge out : outs) {
            int before = 0;
            for (Edge in : ins) {
                if (in.first < out.last) {
                    before++;
                    tests++;
                }
            }
            if (before >= 2) {
                tests++;
            }
        }
        for (Edge in : ins) {
            int after = 0;
            for (Edge out : outs) {
                if (out.last > in.first) {
                    after++;
                }
            }
            if (after >= 2) {
                tests++;
            }
        }
        if (ins.size() >= 2 && outs.size() >= 2) {
            tests++;
        }
        return tests;
    }

    /** Whether {@code v} received ({@code in}) or sent a transfer in the window. */
    private boolean hasTransfer(String v, boolean in) {
        for (Edge e : adjacency.getOrDefault(v, List.of())) {
            if (e.relation == Relation.TRANSFERS_TO && e.to.equals(v) == in) {
                return true;
            }
        }
        return false;
    }

    private List<Edge> transfers(String v) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : adjacency.getOrDefault(v, List.of())) {
            if (e.relation == Relation.TRANSFERS_TO) {
                out.add(e);
            }
        }
        return out;
    }

    /** One transfer's amount on an edge (the mean when it carried several). */
    private static double mean(Edge e) {
        return e.count == 0 ? 0 : (double) e.amountMinor / e.count;
    }

    private static boolean carries(double out, double in) {
        return in > 0 && out <= in && out >= PASS_ON_LEAST * in;
    }

    /** The standard normal distribution function (Zelen and Severo, error below 7.5e-8). */
    static double normalCdf(double x) {
        double t = 1 / (1 + 0.2316419 * Math.abs(x));
        double d = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
        double tail =
                d
                        * t
                        * (0.319381530
                                + t
                                        * (-0.356563782
                                                + t
                                                        * (1.781477937
                                                                + t
                                                                        * (-1.821255978
                                                                                + t
                                                                                        * 1.330274429))));
        return x >= 0 ? 1 - tail : tail;
    }

    /** Money that came in on {@code in} went out on {@code out} within the hop time. */
    private static boolean passedOn(Edge in, Edge out, long hop) {
        for (long t1 : in.times) {
            for (long t2 : out.times) {
                if (t2 > t1 && t2 - t1 <= hop) {
                    return true;
                }
            }
        }
        return false;
    }

    private void upsert(RingKind kind, Set<String> ring, RingLink link, List<RingCase> out) {
        if (!dismissed.isEmpty() && allDismissed(ring, link.timeMillis)) {
            return;
        }
        TreeMap<Long, Case> hit = new TreeMap<>();
        for (String v : ring) {
            Case c = caseFor(kind, v);
            if (c != null) {
                hit.put(c.sequence, c);
            }
        }
        Case survivor;
        if (hit.isEmpty()) {
            survivor = new Case();
            survivor.kind = kind;
            survivor.sequence = caseSequence++;
            String prefix = "case-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-";
            survivor.id = prefix + String.format(Locale.ROOT, "%016x", Keys.hash64(link.eventId));
            if (cases.containsKey(survivor.id)) {
                // Event ids are unique per account only: another account's event of this id
                // opened a case of this kind already.
                survivor.id =
                        prefix
                                + String.format(
                                        Locale.ROOT,
                                        "%016x",
                                        Keys.hash64(link.accountId + '\n' + link.eventId));
            }
            cases.put(survivor.id, survivor);
        } else {
            survivor = hit.pollFirstEntry().getValue();
        }
        TreeSet<String> members = new TreeSet<>(survivor.members);
        members.addAll(ring);
        for (Case absorbed : hit.values()) {
            members.addAll(absorbed.members);
            cases.remove(absorbed.id);
            absorbed.version++;
            out.add(toCase(absorbed, CaseStatus.CLOSED, "MERGED", "merged into " + survivor.id));
        }
        survivor.lastSeen = Math.max(survivor.lastSeen, link.timeMillis);
        if (members.equals(survivor.members) && hit.isEmpty()) {
            return;
        }
        survivor.members = members;
        for (String m : members) {
            caseOf.put(kind.name() + '|' + m, survivor.id);
        }
        // A new version when the case is new, merged, or has grown by a fifth since the last one:
        // a growing farm is a handful of versions, not one per account.
        long size = accounts(members);
        if (survivor.version > 0 && hit.isEmpty() && size * 5 < survivor.emittedAccounts * 6) {
            return;
        }
        survivor.emittedAccounts = size;
        survivor.version++;
        out.add(toCase(survivor, CaseStatus.OPEN, null, null));
    }

    /** Every account of {@code ring} belongs to a case an analyst dismissed within the window. */
    private boolean allDismissed(Set<String> ring, long time) {
        boolean any = false;
        for (String v : ring) {
            if (v.startsWith(ACCOUNT)) {
                Long until = dismissed.get(v);
                if (until == null || until < time) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /**
     * Moves event time on: links older than the window leave (sooner when the store is over its
     * bound), and cases without evidence for a window expire. Returns the expired case versions.
     */
    public List<RingCase> advance(long watermark) {
        if (watermark == Long.MIN_VALUE || watermark < nextSweep) {
            return List.of();
        }
        nextSweep = watermark + java.time.Duration.ofHours(1).toMillis();
        long window = settings.window().toMillis();
        long cutoff = watermark - window;
        removeEdgesBefore(cutoff);
        while (adjacency.size() > settings.maxVertices() && cutoff < watermark) {
            cutoff += window / 8;
            removeEdgesBefore(cutoff);
        }
        dismissed.values().removeIf(until -> until < watermark);
        List<RingCase> out = new ArrayList<>();
        for (Iterator<Case> it = cases.values().iterator(); it.hasNext(); ) {
            Case c = it.next();
            if (c.lastSeen < watermark - window) {
                it.remove();
                c.version++;
                out.add(toCase(c, CaseStatus.EXPIRED, null, null));
                for (String m : c.members) {
                    caseOf.remove(c.kind.name() + '|' + m, c.id);
                }
            }
        }
        return out;
    }

    private void file(Edge e) {
        byHour.computeIfAbsent(Math.floorDiv(e.last, HOUR_MILLIS), h -> new ArrayList<>()).add(e);
    }

    /** Files every edge by its hour (after a restore: the hours are not stored). */
    void fileAll() {
        byHour.clear();
        for (Edge e : edges.values()) {
            file(e);
        }
    }

    private void removeEdgesBefore(long cutoff) {
        // Each vertex's list is swept once for all its old edges: removing them one at a time
        // scanned a busy merchant's or device's list once per edge.
        Set<String> touched = new HashSet<>();
        Set<String> devices = new HashSet<>();
        List<Edge> linkedSince = new ArrayList<>();
        for (Iterator<List<Edge>> hours =
                        byHour.headMap(Math.floorDiv(cutoff - 1, HOUR_MILLIS), true)
                                .values()
                                .iterator();
                hours.hasNext(); ) {
            for (Edge e : hours.next()) {
                if (e.last >= cutoff) {
                    linkedSince.add(e);
                    continue;
                }
                edges.remove(key(e.from, e.to, e.relation));
                if (e.relation == Relation.TRANSFERS_TO) {
                    transferEdges--;
                    newTransferEdges -= e.newAccount ? 1 : 0;
                } else if (e.relation == Relation.USES_DEVICE) {
                    deviceUses--;
                    newDeviceUses -= e.newAccount ? 1 : 0;
                    devices.add(e.to);
                } else if (APPLICATION.contains(e.relation)) {
                    identityUses--;
                }
                touched.add(e.from);
                touched.add(e.to);
            }
            hours.remove();
        }
        for (Edge e : linkedSince) {
            file(e);
        }
        for (String v : touched) {
            List<Edge> list = adjacency.get(v);
            if (list == null) {
                continue;
            }
            list.removeIf(e -> e.last < cutoff);
            if (list.isEmpty()) {
                adjacency.remove(v);
                flagged.remove(v);
            }
        }
        for (String device : devices) {
            if (!usedByAnAccount(device)) {
                sharedDevices--;
            }
        }
    }

    private RingCase toCase(Case c, CaseStatus status, String code, String note) {
        List<RingEdge> ringEdges = new ArrayList<>();
        Map<String, Evidence> events = new HashMap<>();
        Map<String, long[]> seen = new TreeMap<>();
        long total = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (String m : c.members) {
            for (Edge e : adjacency.getOrDefault(m, List.of())) {
                if (!e.from.equals(m) || !c.members.contains(e.to)) {
                    continue;
                }
                ringEdges.add(
                        RingEdge.newBuilder()
                                .setSourceType(type(e.from))
                                .setSourceId(id(e.from))
                                .setTargetType(type(e.to))
                                .setTargetId(id(e.to))
                                .setRelation(e.relation.name())
                                .setFirstSeen(Instant.ofEpochMilli(e.first))
                                .setLastSeen(Instant.ofEpochMilli(e.last))
                                .setCount(e.count)
                                .setAmountMinor(e.amountMinor)
                                .setEvidenceEventIds(
                                        e.evidence.stream().map(Evidence::eventId).toList())
                                .build());
                for (Evidence x : e.evidence) {
                    // Event ids are unique per account only.
                    events.merge(x.accountId() + '\n' + x.eventId(), x, RingStore::better);
                }
                if (e.relation == Relation.PAYS || e.relation == Relation.TRANSFERS_TO) {
                    total = Saturating.add(total, e.amountMinor);
                }
                first = Math.min(first, e.first);
                last = Math.max(last, e.last);
                for (String v : List.of(e.from, e.to)) {
                    long[] span =
                            seen.computeIfAbsent(
                                    v, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                    span[0] = Math.min(span[0], e.first);
                    span[1] = Math.max(span[1], e.last);
                }
            }
        }
        if (first == Long.MAX_VALUE) {
            first = c.lastSeen;
            last = c.lastSeen;
        }
        List<RingMember> members = new ArrayList<>();
        for (String m : c.members) {
            long[] span = seen.getOrDefault(m, new long[] {first, last});
            members.add(
                    RingMember.newBuilder()
                            .setEntityType(type(m))
                            .setEntityId(id(m))
                            .setFirstSeen(Instant.ofEpochMilli(span[0]))
                            .setLastSeen(Instant.ofEpochMilli(span[1]))
                            .build());
        }
        long accounts = accounts(c.members);
        long nodes = c.members.size() - accounts;
        double score = 1 - Math.pow(0.5, accounts / (double) minimum(c.kind));
        List<ReasonCode> reasons = new ArrayList<>();
        reasons.add(new ReasonCode(c.kind.name(), score, describe(c.kind, accounts, nodes, c)));
        long flaggedMembers =
                c.members.stream()
                        .filter(m -> m.startsWith("DEVICE:") && flagged.contains(m))
                        .count();
        if (flaggedMembers > 0) {
            reasons.add(
                    new ReasonCode(
                            "EMULATOR_DEVICES",
                            0.0,
                            flaggedMembers == 1
                                    ? "1 of the ring's devices is an emulator or rooted"
                                    : flaggedMembers
                                            + " of the ring's devices are emulators or rooted"));
        }
        long networks = c.members.stream().filter(m -> m.startsWith("IP_PREFIX:")).count();
        if (networks > 0) {
            reasons.add(
                    new ReasonCode(
                            "EMULATOR_NETWORK",
                            0.0,
                            "its emulators connect from "
                                    + networks
                                    + " shared /24 network"
                                    + (networks == 1 ? "" : "s")));
        }
        if (note != null) {
            reasons.add(new ReasonCode(code, 0.0, note));
        }
        return RingCase.newBuilder()
                .setCaseId(c.id)
                .setVersion(c.version)
                .setKind(c.kind)
                .setStatus(status)
                .setScore(score)
                .setReasons(reasons)
                .setMembers(members)
                .setEdges(ringEdges)
                .setTotalAmountMinor(total)
                .setFirstSeen(Instant.ofEpochMilli(first))
                .setLastSeen(Instant.ofEpochMilli(last))
                .setConfigVersion(configVersion)
                .setEvidence(
                        events.values().stream()
                                .sorted(
                                        java.util.Comparator.comparingLong(Evidence::timeMillis)
                                                .thenComparing(Evidence::eventId)
                                                .thenComparing(
                                                        Evidence::accountId,
                                                        java.util.Comparator.nullsFirst(
                                                                java.util.Comparator
                                                                        .naturalOrder())))
                                .map(RingStore::toEvidenceEvent)
                                .toList())
                .build();
    }

    /** Of two records of one event, the one that knows more (a full event over a first use). */
    private static Evidence better(Evidence a, Evidence b) {
        return a.kind() != null ? a : b;
    }

    private static EvidenceEvent toEvidenceEvent(Evidence x) {
        return EvidenceEvent.newBuilder()
                .setEventId(x.eventId())
                .setEventTime(Instant.ofEpochMilli(x.timeMillis()))
                .setKind(x.kind())
                .setAccountId(x.accountId())
                .setAmountMinor(x.amountMinor())
                .setDeviceId(x.deviceId())
                .setIp(x.ip())
                .setMerchantId(x.merchantId())
                .setCounterpartyAccountId(x.counterpartyId())
                .build();
    }

    private int minimum(RingKind kind) {
        return switch (kind) {
            case DEVICE_FARM -> settings.farmAccounts();
            case APPLICATION_RING -> settings.applicationAccounts();
            case CASH_OUT -> settings.cashOutAccounts();
            case MULE_CHAIN -> settings.muleAccounts();
        };
    }

    /** The case's accounts that registered within the window. */
    private long newAccounts(Case c) {
        List<Edge> own = new ArrayList<>();
        for (String m : c.members) {
            for (Edge e : adjacency.getOrDefault(m, List.of())) {
                if (e.from.equals(m) && c.members.contains(e.to)) {
                    own.add(e);
                }
            }
        }
        return newAccounts(own);
    }

    private String describe(RingKind kind, long accounts, long nodes, Case c) {
        return switch (kind) {
            case DEVICE_FARM -> {
                long devices = c.members.stream().filter(m -> m.startsWith("DEVICE:")).count();
                long registered = newAccounts(c);
                yield devices == 0
                        ? accounts + " accounts on emulators behind one network"
                        : accounts
                                + " accounts on "
                                + devices
                                + " shared device"
                                + (devices == 1 ? "" : "s")
                                + (registered == 0
                                        ? ""
                                        : ", "
                                                + registered
                                                + (registered == 1 ? " is" : " are")
                                                + " new (registered within "
                                                + settings.window().toDays()
                                                + " days)");
            }
            case APPLICATION_RING -> {
                long fresh = newAccounts(c);
                long ids = c.members.stream().filter(m -> m.startsWith("ID_NUMBER:")).count();
                yield accounts
                        + " accounts sharing "
                        + nodes
                        + " phones, contacts, id numbers or addresses, each at least two"
                        + (fresh == 0 ? "" : ", " + fresh + " new")
                        + (ids == 0
                                ? ""
                                : ", " + ids + " shared id number" + (ids == 1 ? "" : "s"));
            }
            case CASH_OUT ->
                    accounts
                            + " accounts paying round or near-limit amounts to "
                            + c.members.stream().filter(m -> m.startsWith("MERCHANT:")).count()
                            + " merchants";
            case MULE_CHAIN -> {
                long held = heldTransfers(c);
                yield held == 0
                        ? accounts + " accounts passing money on"
                        : accounts
                                + " accounts passing on money the job held ("
                                + held
                                + " of their transfers scored REVIEW or BLOCK)";
            }
        };
    }

    /**
     * The case's transfers between its own accounts that carried money the job held: a case made by
     * following held money says so, one made by relays alone does not.
     */
    private long heldTransfers(Case c) {
        long held = 0;
        for (String m : c.members) {
            for (Edge e : adjacency.getOrDefault(m, List.of())) {
                if (e.held
                        && e.relation == Relation.TRANSFERS_TO
                        && e.from.equals(m)
                        && c.members.contains(e.to)) {
                    held++;
                }
            }
        }
        return held;
    }

    private static EntityType type(String vertex) {
        String kind = vertex.substring(0, vertex.indexOf(':'));
        // A contact phone is a phone number that an application named as a contact.
        return kind.equals("CONTACT") ? EntityType.PHONE : EntityType.valueOf(kind);
    }

    static String id(String vertex) {
        return vertex.substring(vertex.indexOf(':') + 1);
    }
}
