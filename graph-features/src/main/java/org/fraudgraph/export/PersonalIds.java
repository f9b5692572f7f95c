package org.fraudgraph.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingEdge;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.codec.Pseudonymiser;

/**
 * The personal identifiers of a case (phones, id numbers, cards, addresses, employers): whether
 * they look like keyed hashes, and hashing those that do not, so a bundle that says "hashed" is.
 *
 * <p>What looks like a keyed hash is {@link Pseudonymiser#looksHashed}'s rule: 16 to 128 lowercase
 * hex digits with at least one letter.
 *
 * <pre>{@code
 * List<String> raw = PersonalIds.unhashed(ringCase);
 * RingCase safe = PersonalIds.pseudonymise(ringCase, Pseudonymiser.withKey(key));
 * }</pre>
 */
public final class PersonalIds {
    private PersonalIds() {}

    public static boolean looksHashed(String id) {
        return Pseudonymiser.looksHashed(id);
    }

    /**
     * The personal members that do not look hashed, each as its type and length (never its value):
     * {@code PHONE of 11 characters}.
     */
    public static List<String> unhashed(RingCase c) {
        List<String> out = new ArrayList<>();
        for (RingMember m : c.getMembers()) {
            if (CaseGraph.PERSONAL.contains(m.getEntityType()) && !looksHashed(m.getEntityId())) {
                out.add(m.getEntityType() + " of " + m.getEntityId().length() + " characters");
            }
        }
        return out;
    }

    /**
     * A copy of the case whose personal identifiers that do not look hashed are replaced by their
     * keyed hash, in its members and its edges alike.
     */
    public static RingCase pseudonymise(RingCase c, Pseudonymiser hmac) {
        RingCase copy = RingCase.newBuilder(c).build();
        Map<String, String> hashed = new HashMap<>();
        List<RingMember> members = new ArrayList<>();
        for (RingMember m : copy.getMembers()) {
            if (needsHash(m.getEntityType(), m.getEntityId())) {
                String h = hashed.computeIfAbsent(m.getEntityId(), hmac::hash);
                m = RingMember.newBuilder(m).setEntityId(h).build();
            }
            members.add(m);
        }
        List<RingEdge> edges = new ArrayList<>();
        for (RingEdge e : copy.getEdges()) {
            RingEdge.Builder b = RingEdge.newBuilder(e);
            if (needsHash(e.getSourceType(), e.getSourceId())) {
                b.setSourceId(hashed.computeIfAbsent(e.getSourceId(), hmac::hash));
            }
            if (needsHash(e.getTargetType(), e.getTargetId())) {
                b.setTargetId(hashed.computeIfAbsent(e.getTargetId(), hmac::hash));
            }
            edges.add(b.build());
        }
        copy.setMembers(members);
        copy.setEdges(edges);
        return copy;
    }

    private static boolean needsHash(EntityType type, String id) {
        return CaseGraph.PERSONAL.contains(type) && !looksHashed(id);
    }
}
