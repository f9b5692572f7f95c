package org.fraudgraph.ring;

import org.fraudgraph.schema.EventKind;

/**
 * What the ring stage knows of one event behind a link, kept with the edge so a case (and a police
 * referral made from it) names its evidence without going back to the input topics.
 *
 * @param kind the input stream, or {@code null} when only the event's use of a shared node is known
 *     (a first use handed over by the node)
 * @param amountMinor the event's amount (payments, transfers, applications), 0 when none
 * @param deviceId the event's device, or {@code null}
 * @param ip the event's IP address, or {@code null}
 * @param merchantId the merchant paid, or {@code null}
 * @param counterpartyId the account money was sent to, or {@code null}
 */
public record Evidence(
        String eventId,
        long timeMillis,
        EventKind kind,
        String accountId,
        long amountMinor,
        String deviceId,
        String ip,
        String merchantId,
        String counterpartyId) {}
