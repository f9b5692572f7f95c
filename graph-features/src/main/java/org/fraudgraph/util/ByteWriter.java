package org.fraudgraph.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte array for state formats: the method names of {@link
 * java.io.DataOutput}, without its stream and lock overhead (state is written on every event).
 */
public final class ByteWriter {
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int size;

    public ByteWriter(int expectedSize) {
        bytes = new byte[Math.max(16, expectedSize)];
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public void writeByte(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    public void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    public void writeInt(int v) {
        ensure(4);
        INT.set(bytes, size, v);
        size += 4;
    }

    public void writeLong(long v) {
        ensure(8);
        LONG.set(bytes, size, v);
        size += 8;
    }

    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /** {@code length} bytes of {@code source} from {@code offset}, as they are. */
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** A string as its UTF-8 length (int) and bytes. */
    public void writeUTF(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        write(utf8, 0, utf8.length);
    }

    /** The bytes written, exactly (the writer's own array when it is exactly full). */
    public byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /**
     * Forgets what was written and keeps the array, grown to the largest value so far: one writer
     * serves every value a state stage writes, and each value costs only its exact copy.
     */
    public ByteWriter reset() {
        size = 0;
        return this;
    }

    /** A copy of the bytes written: never the writer's own array, which the next value reuses. */
    public byte[] copyOfBytes() {
        return Arrays.copyOf(bytes, size);
    }
}
