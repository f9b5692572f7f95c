package org.fraudgraph.replay;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The synthetic platform's accounts: when each was created, how active it is, which device, address
 * and IP it uses. Honest accounts and ring members live in the same arrays under shuffled numbers,
 * so an account's id says nothing of its label. Memory is a few dozen bytes per account.
 */
final class Population {
    static final String[] CITIES = {
        "Shanghai",
        "Beijing",
        "Shenzhen",
        "Guangzhou",
        "Hangzhou",
        "Chengdu",
        "Wuhan",
        "Nanjing",
        "Xi'an",
        "Chongqing",
        "Tianjin",
        "Suzhou"
    };

    final int honest;
    final int total;
    final long[] createdMillis;
    final double[] rate;

    /** Index of the account's main device: shared by a family. */
    final int[] device;

    /** Index of the account's address: shared by a family. */
    final int[] address;

    final byte[] city;

    /** Honest look-alikes: each a family of 6 to 12 accounts on one device and one address. */
    final int[][] largeFamilies;

    /** Account number shown in ids, a bijection of the index. */
    private final long multiplier;

    private AliasTable activity;

    /**
     * @param honest honest accounts, indices {@code 0 .. honest-1}; ring members follow
     * @param members ring members, set up later through {@link #setMember}
     */
    Population(GeneratorConfig config, int members, SplittableRandom random) {
        this.honest = config.accounts();
        this.total = honest + members;
        createdMillis = new long[total];
        rate = new double[total];
        device = new int[total];
        address = new int[total];
        city = new byte[total];
        long start = config.start().toEpochMilli();
        long periodMillis = Duration.ofDays(config.days()).toMillis();
        int familyLeft = 0;
        int leader = 0;
        // Newcomers join at the same daily rate in the history as in the period: 15 % of the
        // accounts over the period, more over a longer span (at most half of them). With a
        // history they joined in the week before it too (their events say so; they register
        // before the data begins), so the share of new accounts a job sees is the same from its
        // first day on: a week is as far back as any rule asks whether an account is new.
        long before = config.historyDays() == 0 ? 0 : Duration.ofDays(7).toMillis();
        long span = periodMillis + Duration.ofDays(config.historyDays()).toMillis() + before;
        long from = config.historyStart().toEpochMilli() - before;
        double existing =
                config.historyDays() == 0
                        ? 0.85
                        : Math.max(0.5, 1 - 0.15 * span / (double) periodMillis);
        for (int a = 0; a < honest; a++) {
            if (random.nextDouble() < existing) {
                // Existing customers: account ages from a month to five years.
                long age =
                        (long)
                                (Duration.ofDays(30).toMillis()
                                        * Math.exp(random.nextDouble() * Math.log(60)));
                createdMillis[a] = start - age;
            } else {
                createdMillis[a] = from + (long) (random.nextDouble() * span);
            }
            rate[a] = config.eventsPerAccountPerDay() * Math.exp(random.nextGaussian() * 0.8);
            if (familyLeft == 0 && random.nextDouble() < 0.06) {
                familyLeft = 1 + random.nextInt(3);
                leader = a;
            } else if (familyLeft > 0) {
                familyLeft--;
                device[a] = leader;
                address[a] = leader;
                city[a] = city[leader];
                continue;
            }
            device[a] = a;
            address[a] = a;
            city[a] = (byte) random.nextInt(CITIES.length);
        }
        // About 0.618 of the range apart, so neighbouring indices get unrelated numbers.
        multiplier = nearCoprime((long) (total * 0.6180339887) | 1, total);
        largeFamilies = largeFamilies(config.largeFamilies(), random);
    }

    /**
     * Honest families of 6 to 12 accounts on one device and one address, from honest accounts that
     * are in no other family; none (and no random draw, so the rest of the data set stays as it
     * was) when {@code count} is 0.
     */
    private int[][] largeFamilies(int count, SplittableRandom random) {
        int[][] families = new int[count][];
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        if (count > 0) {
            // Members and heads of the small families stay where they are.
            for (int a = 0; a < honest; a++) {
                if (device[a] != a) {
                    taken.add(a);
                    taken.add(device[a]);
                }
            }
        }
        for (int f = 0; f < count; f++) {
            int size = 6 + random.nextInt(7);
            int[] members = new int[size];
            for (int m = 0; m < size; m++) {
                int a;
                do {
                    a = random.nextInt(honest);
                } while (!taken.add(a));
                members[m] = a;
            }
            for (int m = 1; m < size; m++) {
                device[members[m]] = members[0];
                address[members[m]] = members[0];
                city[members[m]] = city[members[0]];
            }
            families[f] = members;
        }
        return families;
    }

    /** Sets up ring member {@code index} (at least {@code honest}). */
    void setMember(int index, long createdAt, double memberRate, int deviceIndex, int cityIndex) {
        createdMillis[index] = createdAt;
        rate[index] = memberRate;
        device[index] = deviceIndex;
        address[index] = index;
        city[index] = (byte) cityIndex;
    }

    /** Call once every member is set: builds the activity-weighted sampler. */
    void freeze() {
        activity = new AliasTable(rate);
    }

    /** An account drawn in proportion to its activity. */
    int sampleActive(SplittableRandom random) {
        return activity.sample(random);
    }

    String accountId(int index) {
        return Ids.account((int) ((index * multiplier) % total));
    }

    /**
     * Home IP: a carrier NAT (shared by thousands), an office (shared by dozens) or the account's
     * own line.
     */
    String homeIp(int index) {
        long h = Long.parseUnsignedLong(Ids.hash("ipkind", index), 16);
        int kind = (int) Long.remainderUnsigned(h, 10);
        if (kind < 6) {
            return natIp(Long.remainderUnsigned(h >>> 8, Math.max(20, total / 5_000)));
        }
        if (kind < 8) {
            long office = Long.remainderUnsigned(h >>> 8, Math.max(50, total / 200));
            return "58."
                    + (office / 65_536 % 256)
                    + "."
                    + (office / 256 % 256)
                    + "."
                    + (office % 256);
        }
        return "114." + (index / 65_536 % 256) + "." + (index / 256 % 256) + "." + (index % 256);
    }

    String natIp(long pool) {
        return "100.64." + (pool / 256 % 64) + "." + (pool % 256);
    }

    String city(int index) {
        return CITIES[city[index]];
    }

    private static long nearCoprime(long m, long n) {
        while (gcd(m, n) != 1) {
            m += 2;
        }
        return m;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
