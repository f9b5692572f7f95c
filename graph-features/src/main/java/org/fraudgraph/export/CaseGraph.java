package org.fraudgraph.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EvidenceEvent;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingEdge;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.codec.Pseudonymiser;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedMultigraph;

/**
 * One ring case as a typed graph for export, with personal data as the referral may show it.
 *
 * <p>Phones, id numbers, cards, addresses and employers are keyed hashes in every case; they stay
 * hashes unless a {@link RevealKey} has their value. IP addresses in the evidence are shown to the
 * /24 ({@code 45.77.33.x}) unless the export reveals. Accounts, devices, merchants and networks are
 * the platform's own identifiers and are shown as they are.
 */
public final class CaseGraph {
    /** Entity types whose ids are keyed hashes of personal data. */
    public static final Set<EntityType> PERSONAL = Pseudonymiser.PERSONAL_ENTITIES;

    /** A member of the ring. */
    public record Node(
            String ref,
            EntityType type,
            String entityId,
            String label,
            boolean personal,
            boolean revealed,
            Instant firstSeen,
            Instant lastSeen) {}

    /** One relation between two members, with its evidence. */
    public record Link(
            String ref,
            Node source,
            Node target,
            String relation,
            Instant firstSeen,
            Instant lastSeen,
            long count,
            long amountMinor,
            List<String> evidenceEventIds) {}

    /** One event behind the links, as the bundle shows it. */
    public record Event(
            String eventId,
            Instant time,
            String kind,
            String accountId,
            long amountMinor,
            String deviceId,
            String ip,
            String merchantId,
            String counterpartyAccountId) {}

    private final RingCase ringCase;
    private final Graph<Node, Link> graph;
    private final List<Event> events;
    private final boolean revealed;

    private CaseGraph(
            RingCase ringCase, Graph<Node, Link> graph, List<Event> events, boolean revealed) {
        this.ringCase = ringCase;
        this.graph = graph;
        this.events = events;
        this.revealed = revealed;
    }

    /**
     * @param key the reveal key, or {@code null} to keep personal data hashed
     */
    public static CaseGraph of(RingCase c, RevealKey key) {
        Graph<Node, Link> g = new DirectedMultigraph<>(null, null, false);
        Map<String, Node> byKey = new TreeMap<>();
        List<RingMember> members = new ArrayList<>(c.getMembers());
        members.sort(
                Comparator.comparing((RingMember m) -> m.getEntityType().ordinal())
                        .thenComparing(RingMember::getEntityId));
        for (RingMember m : members) {
            Node n = node(m, byKey.size() + 1, key);
            byKey.put(m.getEntityType() + ":" + m.getEntityId(), n);
            g.addVertex(n);
        }
        int e = 0;
        for (RingEdge edge : c.getEdges()) {
            Node source = byKey.get(edge.getSourceType() + ":" + edge.getSourceId());
            Node target = byKey.get(edge.getTargetType() + ":" + edge.getTargetId());
            if (source == null || target == null) {
                continue;
            }
            g.addEdge(
                    source,
                    target,
                    new Link(
                            "e" + ++e,
                            source,
                            target,
                            edge.getRelation(),
                            edge.getFirstSeen(),
                            edge.getLastSeen(),
                            edge.getCount(),
                            edge.getAmountMinor(),
                            List.copyOf(edge.getEvidenceEventIds())));
        }
        List<Event> events = new ArrayList<>();
        for (EvidenceEvent x : c.getEvidence()) {
            events.add(
                    new Event(
                            x.getEventId(),
                            x.getEventTime(),
                            x.getKind() == null ? "" : x.getKind().name(),
                            x.getAccountId(),
                            x.getAmountMinor(),
                            nullToEmpty(x.getDeviceId()),
                            x.getIp() == null ? "" : key != null ? x.getIp() : maskIp(x.getIp()),
                            nullToEmpty(x.getMerchantId()),
                            nullToEmpty(x.getCounterpartyAccountId())));
        }
        events.sort(Comparator.comparing(Event::time).thenComparing(Event::eventId));
        return new CaseGraph(c, g, List.copyOf(events), key != null);
    }

    private static Node node(RingMember m, int number, RevealKey key) {
        EntityType type = m.getEntityType();
        String id = m.getEntityId();
        boolean personal = PERSONAL.contains(type);
        String label = id;
        boolean revealed = false;
        if (personal) {
            String value = key == null ? null : key.reveal(id).orElse(null);
            revealed = value != null;
            label =
                    revealed
                            ? value
                            : word(type)
                                    + " "
                                    + id.substring(0, Math.min(12, id.length()))
                                    + (id.length() > 12 ? "…" : "");
        }
        return new Node(
                "n" + number,
                type,
                id,
                label,
                personal,
                revealed,
                m.getFirstSeen(),
                m.getLastSeen());
    }

    /** An IPv4 address to its /24 ({@code 45.77.33.x}); anything else to its first half. */
    static String maskIp(String ip) {
        int dot = ip.lastIndexOf('.');
        if (dot > 0 && ip.indexOf(':') < 0) {
            return ip.substring(0, dot) + ".x";
        }
        return ip.substring(0, ip.length() / 2) + "…";
    }

    /** {@code n} entities of a type in words: {@code 1 device}, {@code 2 addresses}. */
    public static String count(long n, EntityType type) {
        String w = word(type);
        return n + " " + (n == 1 ? w : w.endsWith("s") ? w + "es" : w + "s");
    }

    /** The type in words, as the bundle and the alerts name it: {@code network} for a /24. */
    public static String word(EntityType type) {
        return switch (type) {
            case ACCOUNT -> "account";
            case DEVICE -> "device";
            case IP -> "IP";
            case IP_PREFIX -> "network";
            case PHONE -> "phone";
            case ID_NUMBER -> "id number";
            case BANK_CARD -> "card";
            case ADDRESS -> "address";
            case EMPLOYER -> "employer";
            case MERCHANT -> "merchant";
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public RingCase ringCase() {
        return ringCase;
    }

    public Graph<Node, Link> graph() {
        return graph;
    }

    /** The members, in the order of their refs (by type, then id). */
    public List<Node> nodes() {
        return List.copyOf(graph.vertexSet());
    }

    public List<Link> links() {
        return List.copyOf(graph.edgeSet());
    }

    /** The evidence events, by time. */
    public List<Event> events() {
        return events;
    }

    /** True when the export was made with a reveal key. */
    public boolean revealed() {
        return revealed;
    }

    public int degree(Node n) {
        return graph.degreeOf(n);
    }
}
