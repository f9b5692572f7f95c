package org.fraudgraph.ring;

import java.util.ArrayList;
import java.util.List;
import org.fraudgraph.feature.FeatureCatalog;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.node.NodeState;
import org.fraudgraph.ring.RingLink.Relation;
import org.fraudgraph.schema.EventKind;

/**
 * Picks the suspicious links of one scored event for the ring stage, so only a small, filtered
 * stream reaches it:
 *
 * <ul>
 *   <li>the account's device, phone, contact phone, id number, address or card when at least one
 *       other account used it in 7 days and it is not a hub (hubs are shared by design: carrier
 *       IPs, big employers, and are never identity evidence here; IPs and employers never are),
 *       and, when this event made the node shared, the first account's use of it as well;
 *   <li>the event's IP /24 when the event's device is an emulator and, in 24 hours, another account
 *       came through the /24 on an emulator or rooted phone and such accounts are at least half of
 *       its accounts: farms run their emulators behind one proxy network, while a carrier's /24
 *       carries a few rooted phones among thousands;
 *   <li>a payment of a round or near-limit amount, at least the account's typical one, to a
 *       merchant where at least {@value #MERCHANT_ROUND_SHARE} of the payments in 7 days are round
 *       or near-limit amounts;
 *   <li>every transfer to another account (money flow is judged by amounts relative to each other).
 * </ul>
 *
 * Each link says whether the job saw its account register within the ring window.
 */
public final class RingLinks {
    /** Share of round or near-limit payments that makes a merchant's payments links. */
    public static final double MERCHANT_ROUND_SHARE = NodeState.ROUND_MERCHANT_SHARE;

    private static final int ROUND_SHARE_7D = FeatureCatalog.id("merchant.round_amount_share_7d");
    private static final int ROUND_PAYMENT = FeatureCatalog.id("payment.round_amount");
    private static final int EMULATOR = FeatureCatalog.id("device.emulator");
    private static final int ROOTED = FeatureCatalog.id("device.rooted");
    private static final int REGISTERED_DAYS_AGO = FeatureCatalog.id("account.registered_days_ago");

    /** Share of a /24's accounts on emulators or rooted phones that makes it a farm network. */
    public static final double FARM_NETWORK_SHARE = 0.5;

    private static final int PREFIX_ACCOUNTS_24H = FeatureCatalog.id("ip_prefix.accounts_24h");
    private static final int PREFIX_EMULATORS_24H =
            FeatureCatalog.id("ip_prefix.emulator_accounts_24h");
    private static final int[] HUB = new int[NodeKind.values().length];

    static {
        for (NodeKind kind : NodeKind.values()) {
            HUB[kind.ordinal()] = FeatureCatalog.id(kind.featurePrefix() + ".hub");
        }
    }

    private RingLinks() {}

    public static List<RingLink> of(
            AccountPart part, List<NodeAnswer> answers, double score, RingSettings settings) {
        List<RingLink> links = new ArrayList<>(2);
        boolean emulator = false;
        for (NodeAnswer a : answers) {
            emulator |= a.value(EMULATOR) == 1;
        }
        Evidence evidence = null;
        for (NodeAnswer a : answers) {
            NodeKind kind = NodeKind.ofKey(a.node);
            Relation relation = relation(kind, emulator);
            if (relation == null) {
                continue;
            }
            if (relation == Relation.EMULATOR_NETWORK) {
                double flagged = a.value(PREFIX_EMULATORS_24H);
                if (!(flagged >= 2)
                        || flagged < FARM_NETWORK_SHARE * a.value(PREFIX_ACCOUNTS_24H)
                        || a.value(HUB[kind.ordinal()]) == 1) {
                    continue;
                }
            } else if (relation == Relation.PAYS) {
                for (NodeAnswer.Use earlier : a.roundPayments) {
                    links.add(handedOver(relation, a.node, earlier, part, settings));
                }
                if (part.value(ROUND_PAYMENT) != 1
                        || !(a.value(ROUND_SHARE_7D) >= MERCHANT_ROUND_SHARE)) {
                    continue;
                }
            } else if (!a.shared || a.accounts.length == 0 || a.value(HUB[kind.ordinal()]) == 1) {
                continue;
            }
            RingLink l =
                    RingLink.of(
                            relation,
                            part.accountId,
                            a.node,
                            part.eventId,
                            part.eventTimeMillis,
                            relation == Relation.PAYS ? part.amountMinor : 0);
            l.emulator =
                    relation == Relation.EMULATOR_NETWORK
                            || kind == NodeKind.DEVICE
                                    && (a.value(EMULATOR) == 1 || a.value(ROOTED) == 1);
            l.newAccount = newAccount(part, settings);
            l.score = score;
            evidence = evidence != null ? evidence : evidence(part, answers);
            l.evidence = evidence;
            links.add(l);
            NodeAnswer.Use first = a.firstUse;
            if (first != null && relation != Relation.PAYS) {
                RingLink earlier = handedOver(relation, a.node, first, part, settings);
                earlier.emulator = l.emulator;
                links.add(earlier);
            }
        }
        if (part.counterpartyId != null) {
            RingLink l =
                    RingLink.of(
                            Relation.TRANSFERS_TO,
                            part.accountId,
                            part.counterpartyId,
                            part.eventId,
                            part.eventTimeMillis,
                            part.amountMinor);
            l.newAccount = newAccount(part, settings);
            l.score = score;
            l.evidence = evidence != null ? evidence : evidence(part, answers);
            links.add(l);
        }
        return links;
    }

    /** The job saw the account register within the ring window. */
    private static boolean newAccount(AccountPart part, RingSettings settings) {
        return part.value(REGISTERED_DAYS_AGO) * 86_400_000.0 <= settings.window().toMillis();
    }

    /**
     * A node's earlier use handed over with this event (an identity node's first account, a
     * merchant's round payments from before its share reached the bar), applied when this event is,
     * with its own event as evidence and new by the same rule as the event's account.
     */
    private static RingLink handedOver(
            Relation relation,
            String node,
            NodeAnswer.Use use,
            AccountPart part,
            RingSettings settings) {
        RingLink l =
                RingLink.of(
                        relation,
                        use.accountId(),
                        node,
                        use.eventId(),
                        use.timeMillis(),
                        use.amountMinor());
        l.reportedMillis = part.eventTimeMillis;
        l.newAccount =
                use.registeredMillis() != 0
                        && use.timeMillis() - use.registeredMillis()
                                <= settings.window().toMillis();
        NodeKind kind = NodeKind.ofKey(node);
        l.evidence =
                new Evidence(
                        use.eventId(),
                        use.timeMillis(),
                        kind == NodeKind.MERCHANT ? EventKind.TRANSACTION : null,
                        use.accountId(),
                        use.amountMinor(),
                        kind == NodeKind.DEVICE ? NodeKind.idOf(node) : null,
                        null,
                        kind == NodeKind.MERCHANT ? NodeKind.idOf(node) : null,
                        null);
        return l;
    }

    /** The event as its links' evidence: its kind, amount, device, IP and merchant. */
    private static Evidence evidence(AccountPart part, List<NodeAnswer> answers) {
        String device = null;
        String ip = null;
        String merchant = null;
        for (NodeAnswer a : answers) {
            if (!a.query) {
                switch (NodeKind.ofKey(a.node)) {
                    case DEVICE -> device = NodeKind.idOf(a.node);
                    case IP -> ip = NodeKind.idOf(a.node);
                    case MERCHANT -> merchant = NodeKind.idOf(a.node);
                    default -> {}
                }
            }
        }
        return new Evidence(
                part.eventId,
                part.eventTimeMillis,
                part.kind,
                part.accountId,
                part.amountMinor,
                device,
                ip,
                merchant,
                part.counterpartyId);
    }

    private static Relation relation(NodeKind kind, boolean emulator) {
        return switch (kind) {
            case IP_PREFIX -> emulator ? Relation.EMULATOR_NETWORK : null;
            case DEVICE -> Relation.USES_DEVICE;
            case PHONE -> Relation.GAVE_PHONE;
            case CONTACT -> Relation.GAVE_CONTACT;
            case ID_NUMBER -> Relation.GAVE_ID_NUMBER;
            case ADDRESS -> Relation.GAVE_ADDRESS;
            case BANK_CARD -> Relation.USES_CARD;
            case MERCHANT -> Relation.PAYS;
            default -> null;
        };
    }
}
