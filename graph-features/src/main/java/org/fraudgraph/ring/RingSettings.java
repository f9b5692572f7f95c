package org.fraudgraph.ring;

import java.io.Serializable;
import java.time.Duration;

/**
 * When linked accounts become a ring case.
 *
 * @param window links older than this (event time) leave the store, and a case without new evidence
 *     for this long expires
 * @param farmAccounts new accounts (registered within the window, as far as the job saw) on shared
 *     devices that make a device farm while the store has too few device uses to know the
 *     platform's share of new accounts; after that, chance decides ({@code RingStore}'s farm rule)
 * @param flaggedFarmAccounts accounts, new or not, on shared devices that make a device farm when
 *     one of the devices is an emulator or rooted
 * @param applicationAccounts accounts in the 2-core of shared application identifiers that make an
 *     application ring, and the new ones among them it needs while the store has seen too few
 *     transfers to know the platform's share of new accounts; after that, chance decides ({@code
 *     RingStore}'s application rule)
 * @param cashOutAccounts accounts in the densest account–merchant block that make a cash-out ring
 * @param cashOutMerchants merchants in that block
 * @param muleAccounts accounts along fast in–out transfers that make a mule chain (a cycle of three
 *     or more counts too); at least 3
 * @param muleHop how soon after receiving money a mule sends it on
 * @param muleLargeTransfer how far above the typical transfer, in standard deviations of the
 *     logarithms of the transfer amounts the stage has seen, a transfer must be to count toward a
 *     fast chain: a chain passes on a sum worth laundering, among the largest few in a hundred (2:
 *     about the largest 2.5 % if amounts are log-normal), in any currency (every transfer counts
 *     toward a flow, which is judged by amounts relative to each other)
 * @param evidencePerEdge event ids kept per edge
 * @param maxVertices bound of the store: above it the oldest links leave first
 */
public record RingSettings(
        Duration window,
        int farmAccounts,
        int flaggedFarmAccounts,
        int applicationAccounts,
        int cashOutAccounts,
        int cashOutMerchants,
        int muleAccounts,
        Duration muleHop,
        double muleLargeTransfer,
        int evidencePerEdge,
        int maxVertices)
        implements Serializable {
    public RingSettings {
        if (farmAccounts < 2
                || flaggedFarmAccounts < 2
                || applicationAccounts < 2
                || cashOutAccounts < 2
                || muleAccounts < 3) {
            throw new IllegalArgumentException("a ring needs at least 2 accounts");
        }
        if (!(muleLargeTransfer >= 0 && muleLargeTransfer <= 10)) {
            throw new IllegalArgumentException("muleLargeTransfer must be between 0 and 10");
        }
        if (maxVertices < 1000) {
            throw new IllegalArgumentException("maxVertices must be at least 1000");
        }
    }

    public static RingSettings defaults() {
        return new RingSettings(
                Duration.ofDays(7), 5, 3, 5, 3, 2, 3, Duration.ofMinutes(30), 2.0, 5, 2_000_000);
    }
}
