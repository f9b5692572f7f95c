package org.fraudgraph.graph;

import org.fraudgraph.schema.EntityType;

/**
 * The non-account end of an edge: what kind of node an account touches. Mirrors {@link EntityType}
 * with one addition: a phone given as an emergency contact ({@link #CONTACT}) is its own node kind,
 * so "accounts that gave this contact" and "accounts whose own phone this is" are counted apart.
 */
public enum NodeKind {
    DEVICE("device", true, false),
    IP("ip", false, false),
    IP_PREFIX("ip_prefix", false, false),
    PHONE("phone", true, true),
    CONTACT("contact", true, true),
    ID_NUMBER("id_number", true, false),
    BANK_CARD("bank_card", true, false),
    ADDRESS("address", true, true),
    EMPLOYER("employer", false, false),
    MERCHANT("merchant", false, false);

    private final String featurePrefix;
    private final boolean identity;
    private final boolean countsApplications;

    NodeKind(String featurePrefix, boolean identity, boolean countsApplications) {
        this.featurePrefix = featurePrefix;
        this.identity = identity;
        this.countsApplications = countsApplications;
    }

    /** Lower-case name that starts this kind's feature names, e.g. {@code device}. */
    public String featurePrefix() {
        return featurePrefix;
    }

    /**
     * An identifier that ties accounts to one person or crew (device, phone, contact, id, card,
     * address): the two-hop features follow these, not IPs, employers or merchants, which honest
     * strangers share.
     */
    public boolean identity() {
        return identity;
    }

    /** A node whose credit applications are counted (phone, contact phone, address). */
    public boolean countsApplications() {
        return countsApplications;
    }

    /** The node key of the identifier {@code id} of this kind, e.g. {@code DEVICE:d-42}. */
    public String key(String id) {
        return name() + ':' + id;
    }

    private static final NodeKind[] ALL = values();

    /** The identifier in a node key made by {@link #key}: {@code d-42} of {@code DEVICE:d-42}. */
    public static String idOf(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    /** The kind of a node key made by {@link #key} (no allocation: it runs for every edge). */
    public static NodeKind ofKey(String key) {
        for (NodeKind kind : ALL) {
            String name = kind.name();
            if (key.length() > name.length()
                    && key.charAt(name.length()) == ':'
                    && key.startsWith(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a node key: " + key);
    }

    /** The entity type a feedback verdict names for this kind of node. */
    public EntityType entityType() {
        return this == CONTACT ? EntityType.PHONE : EntityType.valueOf(name());
    }
}
