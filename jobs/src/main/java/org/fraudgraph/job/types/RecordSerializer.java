package org.fraudgraph.job.types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Base of the hand-written serializers: field by field, no reflection, a format byte first so a
 * later version can still read what this one wrote. Copies go through the byte format.
 *
 * @param <T> the message type
 */
abstract class RecordSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** The continuation bit of {@link StringValue}'s variable-length numbers. */
    private static final int HIGH_BIT = 0x80;

    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    /**
     * Reads what {@link StringValue#writeString} wrote, as {@link StringValue#readString} does, but
     * takes as many bytes as the string has chars in one block: all of them below 128 (the ids and
     * node keys, all ASCII) is the string; else its chars are decoded from the block and, when it
     * runs out, from the stream (every char takes at least one byte, so the block never reads past
     * the string). Reading char by char took 4.3 % of the job's samples, the block 1.9 % (JFR of
     * {@code bench-features}, 2026-12-05).
     */
    static String readString(DataInputView in) throws IOException {
        int length = in.readUnsignedByte();
        if (length == 0) {
            return null;
        }
        if (length >= HIGH_BIT) {
            length &= HIGH_BIT - 1;
            int shift = 7;
            int next;
            while ((next = in.readUnsignedByte()) >= HIGH_BIT) {
                length |= (next & (HIGH_BIT - 1)) << shift;
                shift += 7;
            }
            length |= next << shift;
        }
        length--;
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                return decodeFrom(bytes, i, in);
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The chars of {@code block} from {@code first} on, continued from {@code in}. */
    private static String decodeFrom(byte[] block, int first, DataInputView in) throws IOException {
        char[] chars = new char[block.length];
        for (int i = 0; i < first; i++) {
            chars[i] = (char) block[i];
        }
        int at = first;
        for (int i = first; i < chars.length; i++) {
            int c = at < block.length ? block[at++] & 0xff : in.readUnsignedByte();
            if (c >= HIGH_BIT) {
                c &= HIGH_BIT - 1;
                int shift = 7;
                int next;
                while ((next = at < block.length ? block[at++] & 0xff : in.readUnsignedByte())
                        >= HIGH_BIT) {
                    c |= (next & (HIGH_BIT - 1)) << shift;
                    shift += 7;
                }
                c |= next << shift;
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    static void writeStrings(String[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (String s : a) {
            writeString(s, out);
        }
    }

    static String[] readStrings(DataInputView in) throws IOException {
        String[] a = new String[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = readString(in);
        }
        return a;
    }

    static void writeInts(int[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    static int[] readInts(DataInputView in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    static void writeLongs(long[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    static long[] readLongs(DataInputView in) throws IOException {
        long[] a = new long[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    static void writeDoubles(double[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInputView in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    /** Reads the format byte and returns it when it is one of {@code oldest..newest}. */
    static int readFormat(DataInputView in, int oldest, int newest, String what)
            throws IOException {
        int format = in.readUnsignedByte();
        if (format < oldest || format > newest) {
            throw new IOException("unknown " + what + " format " + format);
        }
        return format;
    }

    static void writeNullableString(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(s, out);
        }
    }

    static String readNullableString(DataInputView in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    static void checkFormat(DataInputView in, int expected, String what) throws IOException {
        int format = in.readUnsignedByte();
        if (format != expected) {
            throw new IOException("unknown " + what + " format " + format);
        }
    }
}
