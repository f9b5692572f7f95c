package org.fraudgraph.ring;

import org.fraudgraph.ring.RingStore.Case;
import org.fraudgraph.ring.RingStore.Edge;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;

/**
 * The byte format of a {@link RingStore}, the ring stage's operator state: a version byte, then the
 * link graph and the open cases. Writes {@value #VERSION}; reads every version ever written ({@code
 * StateFormatHistoryTest} reads bytes each version wrote).
 *
 * <ul>
 *   <li>1: each edge keeps the ids of its evidence events;
 *   <li>2: each edge keeps its evidence events whole (time, kind, account, amount, device, IP,
 *       merchant, receiving account), for the referral export;
 *   <li>3: each edge says whether its account registered within the window; the store keeps the
 *       count, mean and spread of its transfers' log amounts (the flow rule's baseline);
 *   <li>4: the accounts of cases an analyst dismissed, each with the time until which they open no
 *       case among themselves;
 *   <li>5: each edge says whether one of its transfers was held (the flow rule's even odds), and
 *       keeps the amount of each transfer it keeps the time of.
 * </ul>
 *
 * <pre>{@code
 * byte[] stored = RingStoreSerializer.serialize(store);
 * RingStore store = RingStoreSerializer.deserialize(stored, settings, configVersion);
 * }</pre>
 */
public final class RingStoreSerializer {
    /** The version this class writes. */
    public static final int VERSION = 5;

    private static final EventKind[] EVENT_KINDS = EventKind.values();

    private RingStoreSerializer() {}

    public static byte[] serialize(RingStore s) {
        ByteWriter out = new ByteWriter(64 + s.edges.size() * 96);
        out.writeByte(VERSION);
        out.writeLong(s.caseSequence);
        out.writeLong(s.nextSweep);
        out.writeLong(s.linksSeen);
        out.writeDouble(s.transfers);
        out.writeDouble(s.transferLogMean);
        out.writeDouble(s.transferLogSquares);
        out.writeInt(s.edges.size());
        for (Edge e : s.edges.values()) {
            out.writeUTF(e.from);
            out.writeUTF(e.to);
            out.writeByte(e.relation.ordinal());
            out.writeLong(e.first);
            out.writeLong(e.last);
            out.writeLong(e.count);
            out.writeLong(e.amountMinor);
            out.writeBoolean(e.newAccount);
            out.writeBoolean(e.held);
            out.writeInt(e.evidence.size());
            for (Evidence x : e.evidence) {
                writeEvidence(x, out);
            }
            out.writeInt(e.times.size());
            for (long t : e.times) {
                out.writeLong(t);
            }
            for (long a : e.amounts) {
                out.writeLong(a);
            }
        }
        out.writeInt(s.flagged.size());
        for (String f : s.flagged) {
            out.writeUTF(f);
        }
        out.writeInt(s.cases.size());
        for (Case c : s.cases.values()) {
            out.writeUTF(c.id);
            out.writeByte(c.kind.ordinal());
            out.writeInt(c.version);
            out.writeLong(c.sequence);
            out.writeLong(c.lastSeen);
            out.writeLong(c.emittedAccounts);
            out.writeInt(c.members.size());
            for (String m : c.members) {
                out.writeUTF(m);
            }
        }
        out.writeInt(s.dismissed.size());
        for (var d : s.dismissed.entrySet()) {
            out.writeUTF(d.getKey());
            out.writeLong(d.getValue());
        }
        return out.toByteArray();
    }

    /**
     * The store these bytes hold, in whichever version they were written; {@code null} or empty
     * bytes give an empty store.
     */
    public static RingStore deserialize(byte[] bytes, RingSettings settings, String configVersion) {
        RingStore s = new RingStore(settings, configVersion);
        if (bytes == null || bytes.length == 0) {
            return s;
        }
        ByteReader in = new ByteReader(bytes);
        int version = in.readByte();
        return switch (version) {
            case 1, 2, 3, 4, 5 -> deserializeVersion(version, s, in);
            default -> throw new IllegalArgumentException("unknown ring store version " + version);
        };
    }

    /** The versions differ in what an edge keeps and, from 4, the dismissed accounts at the end. */
    private static RingStore deserializeVersion(int version, RingStore s, ByteReader in) {
        s.caseSequence = in.readLong();
        s.nextSweep = in.readLong();
        s.linksSeen = in.readLong();
        if (version >= 3) {
            s.transfers = in.readDouble();
            s.transferLogMean = in.readDouble();
            s.transferLogSquares = in.readDouble();
        }
        for (int n = in.readInt(); n > 0; n--) {
            Edge e = s.edge(in.readUTF(), in.readUTF(), RingStore.RELATIONS[in.readByte()]);
            e.first = in.readLong();
            e.last = in.readLong();
            e.count = in.readLong();
            e.amountMinor = in.readLong();
            e.newAccount = version >= 3 && in.readBoolean();
            e.held = version >= 5 && in.readBoolean();
            for (int k = in.readInt(); k > 0; k--) {
                e.evidence.addLast(
                        version == 1
                                ? new Evidence(
                                        in.readUTF(),
                                        e.last,
                                        null,
                                        RingStore.id(e.from),
                                        0,
                                        null,
                                        null,
                                        null,
                                        null)
                                : readEvidence(in));
            }
            for (int k = in.readInt(); k > 0; k--) {
                e.times.addLast(in.readLong());
            }
            for (int k = e.times.size(); k > 0; k--) {
                // Before version 5 each transfer counts as the edge's mean.
                e.amounts.addLast(version >= 5 ? in.readLong() : e.amountMinor / e.count);
            }
        }
        for (int n = in.readInt(); n > 0; n--) {
            s.flagged.add(in.readUTF());
        }
        RingKind[] kinds = RingKind.values();
        for (int n = in.readInt(); n > 0; n--) {
            Case c = new Case();
            c.id = in.readUTF();
            c.kind = kinds[in.readByte()];
            c.version = in.readInt();
            c.sequence = in.readLong();
            c.lastSeen = in.readLong();
            c.emittedAccounts = in.readLong();
            for (int k = in.readInt(); k > 0; k--) {
                c.members.add(in.readUTF());
            }
            s.cases.put(c.id, c);
            for (String m : c.members) {
                s.caseOf.put(c.kind.name() + '|' + m, c.id);
            }
        }
        if (version >= 4) {
            for (int n = in.readInt(); n > 0; n--) {
                s.dismissed.put(in.readUTF(), in.readLong());
            }
        }
        // Derived from the edges, so not stored: the farm rule's baseline, the sweep's hours.
        s.recountDeviceUses();
        s.fileAll();
        return s;
    }

    private static void writeEvidence(Evidence x, ByteWriter out) {
        out.writeUTF(x.eventId());
        out.writeLong(x.timeMillis());
        out.writeByte(x.kind() == null ? -1 : x.kind().ordinal());
        out.writeUTF(x.accountId());
        out.writeLong(x.amountMinor());
        for (String s : new String[] {x.deviceId(), x.ip(), x.merchantId(), x.counterpartyId()}) {
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeUTF(s);
            }
        }
    }

    private static Evidence readEvidence(ByteReader in) {
        String eventId = in.readUTF();
        long time = in.readLong();
        byte kind = in.readByte();
        String account = in.readUTF();
        long amount = in.readLong();
        String[] optional = new String[4];
        for (int i = 0; i < optional.length; i++) {
            optional[i] = in.readBoolean() ? in.readUTF() : null;
        }
        return new Evidence(
                eventId,
                time,
                kind < 0 ? null : EVENT_KINDS[kind],
                account,
                amount,
                optional[0],
                optional[1],
                optional[2],
                optional[3]);
    }
}
