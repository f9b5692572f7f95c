package org.fraudgraph.util;

import java.util.Arrays;

/** A small open-addressing set of longs, for unions of account hashes without boxing. */
public final class LongSet {
    private static final long EMPTY = 0;
    private long[] slots = new long[16];
    private int size;
    private boolean hasZero;

    /** Adds {@code value}; true when it was not there. */
    public boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) (value ^ (value >>> 32)) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = value;
        size++;
        return true;
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        Arrays.stream(old).filter(v -> v != EMPTY).forEach(this::add);
    }
}
