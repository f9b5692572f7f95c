package org.fraudgraph.graph;

/** Compact keys for identifiers held in state. */
public final class Keys {
    private Keys() {}

    /**
     * A 64-bit hash of an identifier (FNV-1a over its characters, then a final mix), used where
     * state keeps sets of accounts: 8 bytes instead of the id string. Two ids collide with
     * probability about n²/2⁶⁵, negligible for sets capped at a few hundred.
     */
    public static long hash64(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * The network an address belongs to: the /24 of an IPv4 address ({@code 10.1.2.0/24}), the /48
     * of an IPv6 address; {@code null} when it is neither.
     */
    public static String ipPrefix(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        if (ip.indexOf(':') >= 0) {
            String[] groups = ip.split(":", -1);
            if (groups.length < 3) {
                return null;
            }
            return groups[0] + ':' + groups[1] + ':' + groups[2] + "::/48";
        }
        int last = ip.lastIndexOf('.');
        if (last < 0 || ip.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        return ip.substring(0, last) + ".0/24";
    }
}
