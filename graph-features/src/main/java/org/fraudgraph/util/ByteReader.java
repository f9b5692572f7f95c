package org.fraudgraph.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote. A read past the end or a negative length is an {@link
 * IllegalArgumentException} naming the state as corrupt.
 */
public final class ByteReader {
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private int position;

    public ByteReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return bytes.length - position;
    }

    private int take(int n) {
        if (n < 0 || n > remaining()) {
            throw new IllegalArgumentException(
                    "corrupt state: wants " + n + " bytes at " + position + " of " + bytes.length);
        }
        int at = position;
        position += n;
        return at;
    }

    /** Passes over {@code n} bytes and returns where they start in the array. */
    public int skip(int n) {
        return take(n);
    }

    public byte readByte() {
        return bytes[take(1)];
    }

    public int readUnsignedByte() {
        return readByte() & 0xff;
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public int readInt() {
        return (int) INT.get(bytes, take(4));
    }

    public long readLong() {
        return (long) LONG.get(bytes, take(8));
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public String readUTF() {
        int length = readInt();
        int at = take(length);
        return new String(bytes, at, length, StandardCharsets.UTF_8);
    }
}
