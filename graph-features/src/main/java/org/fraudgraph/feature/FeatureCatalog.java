package org.fraudgraph.feature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraudgraph.graph.NodeKind;

/**
 * Every feature name the graph produces, each with a small number that stands for it between the
 * stages (an answer carries numbers, not strings). The numbers are positions in {@link #names()}:
 * only ever append to this list, so a feature keeps its number across versions.
 */
public final class FeatureCatalog {
    /** The names of the three windows every windowed feature has, shortest first. */
    public static final String[] WINDOW_NAMES = {"1h", "24h", "7d"};

    private static final List<String> NAMES;
    private static final Map<String, Integer> IDS = new HashMap<>();

    static {
        List<String> names = new ArrayList<>();
        for (String what : new String[] {"events", "amount"}) {
            for (String w : WINDOW_NAMES) {
                names.add("account." + what + "_" + w + (what.equals("amount") ? "_minor" : ""));
            }
        }
        for (String what : new String[] {"devices", "ips"}) {
            for (String w : WINDOW_NAMES) {
                names.add("account." + what + "_" + w);
            }
        }
        names.add("account.age_days");
        names.add("account.confirmed_fraud");
        names.add("novelty.new_device");
        names.add("novelty.new_city");
        names.add("novelty.new_merchant");
        names.add("burst.account");
        for (NodeKind kind : NodeKind.values()) {
            names.addAll(oneHopNames(kind));
        }
        names.add("application.device_age_minutes");
        names.add("burst.score");
        names.add("twohop.accounts_7d");
        names.add("twohop.largest_set_7d");
        names.add("twohop.contact_recent_applicant");
        names.add("taint.distance");
        names.add("taint.age_hours");
        names.add("taint.weight");
        names.add("payment.round_amount");
        names.add("event.late_minutes");
        names.add("event.clock_ahead_minutes");
        names.add("account.registered_days_ago");
        names.add("account.amount_1h_relative");
        names.add("event.amount_relative");
        names.add("case.open_cases");
        names.add("case.score");
        names.add("taint.risky_senders_7d");
        // Appended: numbers are kept in state (the join's and the risk stage's buffers).
        names.add("case.new_version");
        names.add("event.application");
        names.add("event.transfer");
        names.add("account.credentials_changed_minutes");
        names.add("device.age_at_credentials_change_minutes");
        names.add("account.seen_days");
        names.add("device.first_seen_after_account_minutes");
        names.add("merchant.large_round_share_7d");
        NAMES = Collections.unmodifiableList(names);
        for (int i = 0; i < NAMES.size(); i++) {
            IDS.put(NAMES.get(i), i);
        }
    }

    private FeatureCatalog() {}

    /** The one-hop features a node of {@code kind} answers every event that touches it. */
    public static List<String> oneHopNames(NodeKind kind) {
        List<String> names = new ArrayList<>();
        String p = kind.featurePrefix();
        String who = kind == NodeKind.MERCHANT ? ".buyers_" : ".accounts_";
        for (String w : WINDOW_NAMES) {
            names.add(p + who + w);
        }
        names.add(p + ".hub");
        if (kind == NodeKind.MERCHANT) {
            for (int w = 1; w < WINDOW_NAMES.length; w++) {
                names.add(p + ".new_buyer_share_" + WINDOW_NAMES[w]);
                names.add(p + ".round_amount_share_" + WINDOW_NAMES[w]);
            }
        } else if (kind.countsApplications()) {
            for (String w : WINDOW_NAMES) {
                names.add(p + ".applications_" + w);
            }
        } else if (kind == NodeKind.IP_PREFIX) {
            names.add(p + ".emulator_accounts_24h");
        }
        if (kind == NodeKind.DEVICE) {
            names.add("device.emulator");
            names.add("device.rooted");
            names.add("device.age_minutes");
        }
        return names;
    }

    /** All feature names, in number order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The number of a feature name. */
    public static int id(String name) {
        Integer id = IDS.get(name);
        if (id == null) {
            throw new IllegalArgumentException("unknown feature " + name);
        }
        return id;
    }

    /** The number of a feature name, -1 when it is no feature of this catalog. */
    public static int idOrMinusOne(String name) {
        Integer id = IDS.get(name);
        return id == null ? -1 : id;
    }

    /** The name of a feature number. */
    public static String name(int id) {
        return NAMES.get(id);
    }
}
