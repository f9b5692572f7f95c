package org.fraudgraph.replay;

import java.util.HexFormat;

/**
 * Identifiers of the synthetic world. Personal identifiers are 16 hex digits standing in for keyed
 * hashes: stable per (kind, number), unrelated across kinds.
 */
public final class Ids {
    private Ids() {}

    public static String account(int index) {
        return String.format("acc-%07d", index);
    }

    public static String merchant(int index) {
        return String.format("m-%05d", index);
    }

    public static String device(int index) {
        return hash("device", index);
    }

    public static String phone(int index) {
        return hash("phone", index);
    }

    public static String idNumber(int index) {
        return hash("id", index);
    }

    public static String card(int index) {
        return hash("card", index);
    }

    public static String address(int index) {
        return hash("address", index);
    }

    public static String employer(int index) {
        return hash("employer", index);
    }

    /**
     * A stand-in for a keyed hash: 16 hex digits, stable per (kind, value), with at least one
     * letter: one in 1,800 would be digits only, which the referral export takes for a raw card or
     * id number.
     */
    public static String hash(String kind, long value) {
        long h = (kind.hashCode() * 0x9E3779B97F4A7C15L) ^ (value * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 32;
        String hex = HexFormat.of().toHexDigits(h);
        return hex.chars().allMatch(Character::isDigit) ? 'f' + hex.substring(1) : hex;
    }
}
