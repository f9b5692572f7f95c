package org.fraudgraph.node;

import java.util.Arrays;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;
import org.fraudgraph.window.Neighbourhood;
import org.fraudgraph.window.TimeList;

/**
 * The byte format of a {@link NodeState}, kept in keyed state: a version byte, then the node.
 * Writes {@value #VERSION}; reads every version ever written, so state from an earlier release
 * still restores ({@code StateFormatHistoryTest} reads bytes each version wrote).
 *
 * <ul>
 *   <li>1: times, flags, verdicts, accounts, new buyers (merchants), event times, burst and edge
 *       counters;
 *   <li>2: adds the emulator accounts of an IP /24 and, on identity nodes, the sole account's first
 *       use (handed to the ring stage when the node becomes shared);
 *   <li>3: a merchant's payment times carry a second mark, "round and above its payer's usual
 *       range", in the byte that held "round" (0 or 1), so bytes of 2 read the same, without it;
 *   <li>4: an identity node's first use carries when the job saw its account register, and a
 *       merchant keeps its round payments from while its share was below the bar (read from 3 and
 *       before as none kept and not registered).
 * </ul>
 *
 * <pre>{@code
 * byte[] stored = NodeStateSerializer.serialize(device, scratch);
 * NodeState device = NodeStateSerializer.deserialize(NodeKind.DEVICE, stored, settings);
 * }</pre>
 */
public final class NodeStateSerializer {
    /** The version this class writes. */
    public static final int VERSION = 4;

    private NodeStateSerializer() {}

    public static byte[] serialize(NodeState s) {
        return serialize(s, new ByteWriter(Math.max(s.readSize + 64, 64 + 16 * s.accounts.size())));
    }

    /**
     * {@link #serialize(NodeState)} written through {@code scratch}, which is reset first and may
     * be reused for the next node: the node stage keeps one, so a write allocates only the bytes it
     * returns.
     */
    public static byte[] serialize(NodeState s, ByteWriter scratch) {
        ByteWriter out = scratch.reset();
        out.writeByte(VERSION);
        out.writeLong(s.firstSeenMillis);
        out.writeLong(s.lastSeenMillis);
        out.writeByte((s.emulator ? 1 : 0) | (s.rooted ? 2 : 0));
        out.writeLong(s.confirmedAtMillis);
        out.writeLong(s.taintedAtMillis);
        s.accounts.write(out);
        if (s.newBuyers != null) {
            s.newBuyers.write(out);
        }
        if (s.emulators != null) {
            s.emulators.write(out);
        }
        if (s.events != null) {
            s.events.write(out);
        }
        out.writeLong(s.firstTick);
        s.burst.write(out);
        s.edges.write(out);
        if (s.kind.identity()) {
            out.writeBoolean(s.soleAccountId != null);
            if (s.soleAccountId != null) {
                out.writeUTF(s.soleAccountId);
                out.writeUTF(s.soleEventId);
                out.writeLong(s.soleAtMillis);
                out.writeLong(s.soleRegisteredMillis);
            }
        }
        if (s.kind == NodeKind.MERCHANT) {
            out.writeByte(s.roundPayments.length);
            for (NodeAnswer.Use u : s.roundPayments) {
                out.writeUTF(u.accountId());
                out.writeUTF(u.eventId());
                out.writeLong(u.timeMillis());
                out.writeLong(u.registeredMillis());
                out.writeLong(u.amountMinor());
            }
        }
        return out.copyOfBytes();
    }

    /**
     * The node of {@code kind} these bytes hold, in whichever version they were written; {@code
     * null} or empty bytes give an empty node. A smaller cap than when written keeps the most
     * recent entries.
     */
    public static NodeState deserialize(NodeKind kind, byte[] bytes, FeatureSettings settings) {
        if (bytes == null || bytes.length == 0) {
            return NodeState.empty(kind, settings);
        }
        ByteReader in = new ByteReader(bytes);
        int version = in.readByte();
        return switch (version) {
            case 1, 2, 3, 4 -> deserializeVersion(version, kind, bytes, in, settings);
            default -> throw new IllegalArgumentException("unknown node state version " + version);
        };
    }

    /** Each version is the one before with additions, each read only when present. */
    private static NodeState deserializeVersion(
            int version, NodeKind kind, byte[] bytes, ByteReader in, FeatureSettings settings) {
        int n = bytes.length;
        long firstSeen = in.readLong();
        long lastSeen = in.readLong();
        int flags = in.readByte();
        long confirmed = in.readLong();
        long tainted = in.readLong();
        Neighbourhood accounts = Neighbourhood.read(in, settings.nodeCap(), n);
        Neighbourhood newBuyers =
                kind == NodeKind.MERCHANT ? Neighbourhood.read(in, settings.nodeCap(), n) : null;
        Neighbourhood emulators =
                kind != NodeKind.IP_PREFIX
                        ? null
                        : version >= 2
                                ? Neighbourhood.read(in, settings.nodeCap(), n)
                                : Neighbourhood.empty(settings.nodeCap());
        TimeList events =
                NodeState.keepsEvents(kind) ? TimeList.read(in, settings.eventCap(), n) : null;
        NodeState s = new NodeState(kind, accounts, newBuyers, emulators, events);
        s.firstSeenMillis = firstSeen;
        s.lastSeenMillis = lastSeen;
        s.emulator = (flags & 1) != 0;
        s.rooted = (flags & 2) != 0;
        s.confirmedAtMillis = confirmed;
        s.taintedAtMillis = tainted;
        s.readSize = n;
        s.firstTick = in.readLong();
        s.burst = BurstCounter.read(in);
        s.edges = EdgeCounters.read(in, bytes, settings.edgeCap());
        if (version >= 2 && kind.identity() && in.readBoolean()) {
            s.soleAccountId = in.readUTF();
            s.soleEventId = in.readUTF();
            s.soleAtMillis = in.readLong();
            s.soleRegisteredMillis = version >= 4 ? in.readLong() : 0;
        }
        if (version >= 4 && kind == NodeKind.MERCHANT) {
            int kept = in.readUnsignedByte();
            NodeAnswer.Use[] uses = new NodeAnswer.Use[kept];
            for (int i = 0; i < kept; i++) {
                uses[i] =
                        new NodeAnswer.Use(
                                in.readUTF(),
                                in.readUTF(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong());
            }
            s.roundPayments =
                    Arrays.copyOfRange(
                            uses, Math.max(0, kept - NodeState.ROUND_PAYMENTS_KEPT), kept);
        }
        return s;
    }
}
