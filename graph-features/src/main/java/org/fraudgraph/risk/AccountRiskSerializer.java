package org.fraudgraph.risk;

import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;

/**
 * The byte format of an {@link AccountRisk}, kept in the risk stage's keyed state: a version byte,
 * then the memberships and the senders. Writes {@value #VERSION}; reads every version ever written
 * ({@code StateFormatHistoryTest} reads bytes each version wrote).
 *
 * <ul>
 *   <li>1: open cases (id, score, since, last version), risky senders (hash, time, why);
 *   <li>2: adds to each case whether the account's events have shown its latest version (a case
 *       read from version 1 counts as not shown: one more review after an upgrade).
 * </ul>
 */
public final class AccountRiskSerializer {
    /** The version this class writes. */
    public static final int VERSION = 2;

    private static final RiskSignal.Source[] SOURCES = RiskSignal.Source.values();

    private AccountRiskSerializer() {}

    public static byte[] serialize(AccountRisk r) {
        ByteWriter out = new ByteWriter(16 + r.cases.size() * 64 + r.senders.size() * 17);
        out.writeByte(VERSION);
        out.writeByte(r.cases.size());
        for (AccountRisk.Membership c : r.cases) {
            out.writeUTF(c.caseId());
            out.writeDouble(c.score());
            out.writeLong(c.sinceMillis());
            out.writeLong(c.lastMillis());
            out.writeBoolean(c.shown());
        }
        out.writeByte(r.senders.size());
        for (AccountRisk.Sender s : r.senders) {
            out.writeLong(s.sender());
            out.writeLong(s.timeMillis());
            out.writeByte(s.source().ordinal());
        }
        return out.toByteArray();
    }

    /** The risk these bytes hold; {@code null} or empty bytes give an empty one. */
    public static AccountRisk deserialize(byte[] bytes) {
        AccountRisk r = new AccountRisk();
        if (bytes == null || bytes.length == 0) {
            return r;
        }
        ByteReader in = new ByteReader(bytes);
        int version = in.readByte();
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("unknown account risk version " + version);
        }
        for (int n = in.readUnsignedByte(); n > 0; n--) {
            r.cases.add(
                    new AccountRisk.Membership(
                            in.readUTF(),
                            in.readDouble(),
                            in.readLong(),
                            in.readLong(),
                            version >= 2 && in.readBoolean()));
        }
        for (int n = in.readUnsignedByte(); n > 0; n--) {
            r.senders.add(
                    new AccountRisk.Sender(
                            in.readLong(), in.readLong(), SOURCES[in.readUnsignedByte()]));
        }
        return r;
    }
}
