package org.fraudgraph.node;

import org.fraudgraph.util.ByteReader;
import org.fraudgraph.util.ByteWriter;
import org.fraudgraph.window.Neighbourhood;
import org.fraudgraph.window.RollingCounter;

/**
 * The byte format of an {@link AccountState}, kept in keyed state: a version byte, then the
 * account. Writes {@value #VERSION}; reads every version ever written ({@code
 * StateFormatHistoryTest} reads bytes each version wrote).
 *
 * <ul>
 *   <li>1: times, verdict, the hour's and week's counters, devices, IPs, cities, merchants,
 *       identity nodes, burst counts;
 *   <li>2: adds the ids of the account's last events (an event sent twice is applied once);
 *   <li>3: adds when the account registered, if the job saw it;
 *   <li>4: adds the account's typical amount (how many amounts, the mean of their logarithms);
 *   <li>5: adds when its password was last reset or its phone number changed;
 *   <li>6: adds how far its amounts spread (the variance of their logarithms); read from older
 *       versions as 0, the bar of "at least the typical amount" those versions kept, until the
 *       account's next amounts teach it.
 * </ul>
 *
 * <pre>{@code
 * byte[] stored = AccountStateSerializer.serialize(account, scratch);
 * AccountState account = AccountStateSerializer.deserialize(stored);
 * }</pre>
 */
public final class AccountStateSerializer {
    /** The version this class writes. */
    public static final int VERSION = 6;

    private AccountStateSerializer() {}

    public static byte[] serialize(AccountState s) {
        return serialize(s, new ByteWriter(Math.max(256, s.readSize + 64)));
    }

    /**
     * {@link #serialize(AccountState)} written through {@code scratch}, which is reset first and
     * may be reused for the next account: the account stage keeps one, so a write allocates only
     * its result.
     */
    public static byte[] serialize(AccountState s, ByteWriter scratch) {
        ByteWriter out = scratch.reset();
        out.writeByte(VERSION);
        out.writeLong(s.firstSeenMillis);
        out.writeLong(s.lastEventMillis);
        out.writeLong(s.confirmedAtMillis);
        s.lastHour.write(out);
        s.lastWeek.write(out);
        s.devices.write(out);
        s.ips.write(out);
        s.cities.write(out);
        s.merchants.write(out);
        out.writeByte(s.identityNodes.length);
        for (int i = 0; i < s.identityNodes.length; i++) {
            out.writeUTF(s.identityNodes[i]);
            out.writeLong(s.identitySeen[i]);
        }
        out.writeLong(s.firstTick);
        s.burst.write(out);
        out.writeByte(s.recentIds.length);
        for (long id : s.recentIds) {
            out.writeLong(id);
        }
        out.writeLong(s.registeredMillis);
        out.writeByte(s.amounts);
        out.writeDouble(s.amountLogMean);
        out.writeLong(s.credentialsChangedMillis);
        out.writeDouble(s.amountLogVariance);
        return out.copyOfBytes();
    }

    /**
     * The account these bytes hold, in whichever version they were written; {@code null} or empty
     * bytes give a fresh account.
     */
    public static AccountState deserialize(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new AccountState();
        }
        ByteReader in = new ByteReader(bytes);
        int version = in.readByte();
        return switch (version) {
            case 1, 2, 3, 4, 5, 6 -> deserializeVersion(version, bytes, in);
            default ->
                    throw new IllegalArgumentException("unknown account state version " + version);
        };
    }

    /** Each version is the one before with a field more at the end. */
    private static AccountState deserializeVersion(int version, byte[] bytes, ByteReader in) {
        AccountState s = new AccountState();
        int n = bytes.length;
        s.readSize = n;
        s.firstSeenMillis = in.readLong();
        s.lastEventMillis = in.readLong();
        s.confirmedAtMillis = in.readLong();
        s.lastHour = RollingCounter.read(in, n);
        s.lastWeek = RollingCounter.read(in, n);
        s.devices = Neighbourhood.read(in, AccountState.DEVICES, n);
        s.ips = Neighbourhood.read(in, AccountState.IPS, n);
        s.cities = Neighbourhood.read(in, AccountState.CITIES, n);
        s.merchants = Neighbourhood.read(in, AccountState.MERCHANTS, n);
        int identities = in.readUnsignedByte();
        s.identityNodes = new String[identities];
        s.identitySeen = new long[identities];
        for (int i = 0; i < identities; i++) {
            s.identityNodes[i] = in.readUTF();
            s.identitySeen[i] = in.readLong();
        }
        s.firstTick = in.readLong();
        s.burst = BurstCounter.read(in);
        if (version >= 2) {
            int ids = in.readUnsignedByte();
            if (ids > AccountState.RECENT_IDS) {
                throw new IllegalArgumentException("account state with " + ids + " recent ids");
            }
            s.recentIds = new long[ids];
            for (int i = 0; i < ids; i++) {
                s.recentIds[i] = in.readLong();
            }
        }
        if (version >= 3) {
            s.registeredMillis = in.readLong();
        }
        if (version >= 4) {
            s.amounts = in.readUnsignedByte();
            s.amountLogMean = in.readDouble();
            if (s.amounts > AccountState.AMOUNT_MEMORY
                    || !Double.isFinite(s.amountLogMean)
                    || s.amountLogMean < 0
                    || s.amountLogMean > Math.log(Long.MAX_VALUE)) {
                throw new IllegalArgumentException(
                        "account state with "
                                + s.amounts
                                + " amounts of log mean "
                                + s.amountLogMean);
            }
        }
        if (version >= 5) {
            s.credentialsChangedMillis = in.readLong();
        }
        if (version >= 6) {
            s.amountLogVariance = in.readDouble();
            double most = Math.log(Long.MAX_VALUE);
            if (!Double.isFinite(s.amountLogVariance)
                    || s.amountLogVariance < 0
                    || s.amountLogVariance > most * most) {
                throw new IllegalArgumentException(
                        "account state with amount log variance " + s.amountLogVariance);
            }
        }
        return s;
    }
}
