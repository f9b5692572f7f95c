package org.fraudgraph.history;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.node.AccountState;
import org.fraudgraph.node.AccountStep;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.FeatureSettings;
import org.fraudgraph.node.NodeAnswer;
import org.fraudgraph.node.NodeState;
import org.fraudgraph.ring.RingLink;
import org.fraudgraph.ring.RingLink.Relation;
import org.fraudgraph.ring.RingSettings;
import org.fraudgraph.ring.RingStore;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.DeviceEventType;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;

/**
 * Writes the state fixtures {@code StateFormatHistoryTest} reads: scripted node, account and ring
 * states as bytes, and what the code that wrote them observed of them ({@code .expected}). Run with
 * the code of the release whose format is to be kept (this source compiles against every release
 * since the first state format: it uses only APIs they all have, and finds the byte encoder by
 * reflection), e.g. for a new format version:
 *
 * <pre>{@code
 * java -cp graph-features/target/classes:graph-features/target/test-classes:... \
 *     org.fraudgraph.history.StateFormatFixtures graph-features/src/test/resources/org/fraudgraph/history
 * }</pre>
 */
public final class StateFormatFixtures {
    static final long NOON = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;

    private StateFormatFixtures() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        FeatureSettings settings = FeatureSettings.defaults();
        for (NodeKind kind : NodeKind.values()) {
            byte[] bytes = encode(scriptedNode(kind, settings));
            write(
                    out,
                    "node-" + kind.name().toLowerCase() + "-v" + bytes[0],
                    bytes,
                    observe(scriptedNode(kind, settings), kind, settings));
        }
        byte[] account = encode(scriptedAccount(settings));
        write(
                out,
                "account-v" + account[0],
                account,
                observe(probe(scriptedAccount(settings), settings)));
        RingStore rings = scriptedRings();
        byte[] ringBytes = encode(rings);
        write(out, "rings-v" + ringBytes[0], ringBytes, observe(rings));
        RiskStateFixtures.write(out);
    }

    // ---- the scripts: the same in every release ----

    /**
     * Five accounts over three days, each twice; at a merchant (from node state version 3 on) they
     * pay, the even ones round amounts, account 2 round and large for it.
     */
    static NodeState scriptedNode(NodeKind kind, FeatureSettings settings) throws Exception {
        NodeState node = NodeState.empty(kind, settings);
        for (int round = 0; round < 2; round++) {
            for (long a = 1; a <= 5; a++) {
                long t = NOON - 72 * HOUR + (round * 5 + a) * 7 * HOUR;
                EdgeRequest r =
                        EdgeRequest.of(
                                EdgeRequest.Op.UPDATE, key(kind), "e-" + a + "-" + round, t, a);
                if (kind == NodeKind.MERCHANT && marksPayments()) {
                    r.amountMinor = a % 2 == 0 ? 500_000 : 43_017;
                    EdgeRequest.class.getField("largeRound").setBoolean(r, a == 2);
                }
                if (handsOverUses()) {
                    // From node state version 4 on: who the account is and when it registered
                    // (identity nodes and merchants), and which payments are round for it.
                    EdgeRequest.class.getField("accountId").set(r, "acc-" + a);
                    EdgeRequest.class.getField("registeredMillis").setLong(r, NOON - 96 * HOUR);
                    EdgeRequest.class
                            .getField("roundPayment")
                            .setBoolean(r, kind == NodeKind.MERCHANT && a % 2 == 0);
                }
                node.apply(r, settings);
            }
        }
        return node;
    }

    /** Whether this release's edge requests say if a payment is large for its payer. */
    static boolean marksPayments() {
        return requestHas("largeRound");
    }

    /** Whether this release's nodes hand over round payments and registration times. */
    static boolean handsOverUses() {
        return requestHas("roundPayment");
    }

    private static boolean requestHas(String field) {
        try {
            EdgeRequest.class.getField(field);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** A sixth account arrives at noon. */
    static NodeAnswer probe(NodeState node, NodeKind kind, FeatureSettings settings) {
        return node.apply(
                EdgeRequest.of(EdgeRequest.Op.UPDATE, key(kind), "probe", NOON, 6), settings);
    }

    static String key(NodeKind kind) {
        return kind.key(
                kind == NodeKind.IP ? "10.1.2.3" : kind == NodeKind.IP_PREFIX ? "10.1.2" : "n1");
    }

    /**
     * Twelve payments over two days from three devices and IPs, at two merchants, and a password
     * reset two hours before noon (kept from account state version 5 on).
     */
    static AccountState scriptedAccount(FeatureSettings settings) {
        AccountState account = new AccountState();
        for (int i = 0; i < 12; i++) {
            account.apply(
                    payment("a" + i, NOON - 48 * HOUR + i * 4 * HOUR, i % 3, 10_000 + i), settings);
        }
        account.apply(
                AccountEvent.of(
                        DeviceEvent.newBuilder()
                                .setEventId("reset")
                                .setEventTime(Instant.ofEpochMilli(NOON - 2 * HOUR))
                                .setType(DeviceEventType.RESET_PASSWORD)
                                .setAccountId("acc-1")
                                .setDeviceId("d-1")
                                .setFingerprint(
                                        org.fraudgraph.schema.DeviceFingerprint.newBuilder()
                                                .setModel("phone")
                                                .setOs("Android")
                                                .setOsVersion("14")
                                                .setEmulator(false)
                                                .setRooted(false)
                                                .build())
                                .setIp("10.0.0.1")
                                .setCity("Hangzhou")
                                .build()),
                settings);
        return account;
    }

    static AccountStep probe(AccountState account, FeatureSettings settings) {
        return account.apply(payment("probe", NOON, 1, 5_000), settings);
    }

    private static AccountEvent payment(String id, long time, int device, long amount) {
        return AccountEvent.of(
                TransactionEvent.newBuilder()
                        .setEventId(id)
                        .setEventTime(Instant.ofEpochMilli(time))
                        .setType(TransactionType.PAYMENT)
                        .setAccountId("acc-1")
                        .setMerchantId("m-" + (device % 2))
                        .setAmountMinor(amount)
                        .setDeviceId("d-" + device)
                        .setIp("10.0.0." + device)
                        .setCity("Hangzhou")
                        .build());
    }

    /** Six accounts on two devices and a transfer chain: at least one open case. */
    static RingStore scriptedRings() {
        RingStore store = new RingStore(RingSettings.defaults(), "fixture");
        for (int a = 1; a <= 6; a++) {
            RingLink registered =
                    RingLink.of(
                            Relation.USES_DEVICE,
                            "acc-" + a,
                            "DEVICE:farm-" + (a % 2),
                            "r" + a,
                            NOON + a * 60_000L,
                            0);
            // Each account registered in the window (releases before 2026-12-06 did not look at
            // this and made the same case).
            registered.newAccount = true;
            store.add(registered);
            store.add(
                    RingLink.of(
                            Relation.USES_DEVICE,
                            "acc-" + a,
                            "DEVICE:farm-" + ((a + 1) % 2),
                            "s" + a,
                            NOON + (a + 10) * 60_000L,
                            0));
        }
        for (int a = 1; a <= 4; a++) {
            RingLink transfer =
                    RingLink.of(
                            Relation.TRANSFERS_TO,
                            "mule-" + a,
                            "ACCOUNT:mule-" + (a + 1),
                            "t" + a,
                            NOON + (20 + a) * 60_000L,
                            800_000);
            if (a == 1) {
                held(transfer);
            }
            store.add(transfer);
        }
        dismissFarmCase(store);
        return store;
    }

    /** From ring store version 5 on: the job held this transfer (by reflection, as below). */
    private static void held(RingLink transfer) {
        try {
            RingLink.class.getField("held").setBoolean(transfer, true);
        } catch (NoSuchFieldException before) {
            // Releases before 2026-12-07 did not mark held money.
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * From ring store version 4 on: an analyst dismisses the farm's case (by reflection, so this
     * source still compiles against the releases before dismissals).
     */
    private static void dismissFarmCase(RingStore store) {
        Relation dismissed;
        Method openCaseOf;
        try {
            dismissed = Relation.valueOf("CASE_DISMISSED");
            openCaseOf = RingStore.class.getMethod("openCaseOf", String.class);
        } catch (IllegalArgumentException | NoSuchMethodException before) {
            return;
        }
        try {
            String caseId = (String) openCaseOf.invoke(store, "acc-1");
            store.add(RingLink.of(dismissed, "acc-1", caseId, "v1", NOON + HOUR, 0));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what is observed: plain numbers every release can compute ----

    /**
     * What the node answers the probe and, from node state version 4 on, at a merchant: which of
     * the scripted accounts' round payments it hands over when a seventh account's round payments
     * lift its share to the bar.
     */
    static Map<String, String> observe(NodeState node, NodeKind kind, FeatureSettings settings)
            throws Exception {
        Map<String, String> o = observe(probe(node, kind, settings), kind);
        if (kind == NodeKind.MERCHANT && handsOverUses()) {
            java.util.List<String> handedOver = new java.util.ArrayList<>();
            for (int i = 1; i <= 20 && handedOver.isEmpty(); i++) {
                EdgeRequest r =
                        EdgeRequest.of(
                                EdgeRequest.Op.UPDATE, key(kind), "p7-" + i, NOON + i * 60_000L, 7);
                r.amountMinor = 200_000;
                EdgeRequest.class.getField("accountId").set(r, "acc-7");
                EdgeRequest.class.getField("roundPayment").setBoolean(r, true);
                Object uses =
                        NodeAnswer.class.getField("roundPayments").get(node.apply(r, settings));
                for (int u = 0; u < java.lang.reflect.Array.getLength(uses); u++) {
                    Object use = java.lang.reflect.Array.get(uses, u);
                    handedOver.add(use.getClass().getMethod("eventId").invoke(use).toString());
                }
            }
            handedOver.removeIf(e -> e.startsWith("p7-"));
            o.put("merchant.round_payments_handed_over", String.join(" ", handedOver));
        }
        return o;
    }

    static Map<String, String> observe(NodeAnswer answer, NodeKind kind) {
        Map<String, String> o = new TreeMap<>();
        for (String w : new String[] {"1h", "24h", "7d"}) {
            String name =
                    kind.featurePrefix()
                            + (kind == NodeKind.MERCHANT ? ".buyers_" : ".accounts_")
                            + w;
            o.put(name, Double.toString(answer.value(name)));
        }
        o.put(
                kind.featurePrefix() + ".hub",
                Double.toString(answer.value(kind.featurePrefix() + ".hub")));
        if (kind == NodeKind.MERCHANT && marksPayments()) {
            for (String name :
                    new String[] {
                        "merchant.round_amount_share_7d", "merchant.large_round_share_7d"
                    }) {
                o.put(name, Double.toString(answer.value(name)));
            }
        }
        return o;
    }

    static Map<String, String> observe(AccountStep step) {
        Map<String, String> o = new TreeMap<>();
        for (String name :
                new String[] {
                    "account.events_1h",
                    "account.events_24h",
                    "account.events_7d",
                    "account.amount_24h_minor",
                    "account.amount_7d_minor",
                    "account.devices_24h",
                    "account.devices_7d",
                    "account.ips_7d",
                    "account.credentials_changed_minutes"
                }) {
            o.put(name, Double.toString(step.features().getOrDefault(name, -1.0)));
        }
        return o;
    }

    static Map<String, String> observe(RingStore store) {
        Map<String, String> o = new TreeMap<>();
        o.put("vertices", Integer.toString(store.vertices()));
        o.put("edges", Integer.toString(store.edges()));
        o.put("openCases", Integer.toString(store.openCases()));
        o.put("linksSeen", Long.toString(store.linksSeen()));
        return o;
    }

    // ---- bytes: the release's own encoder ----

    private static byte[] encode(Object state) throws Exception {
        String name = state.getClass().getName();
        try {
            Class<?> serializer = Class.forName(name + "Serializer");
            Method serialize = serializer.getMethod("serialize", state.getClass());
            return (byte[]) serialize.invoke(null, state);
        } catch (ClassNotFoundException before) {
            return (byte[]) state.getClass().getMethod("toBytes").invoke(state);
        }
    }

    static void write(Path dir, String name, byte[] bytes, Map<String, String> observed)
            throws Exception {
        Files.write(dir.resolve(name + ".bin"), bytes);
        StringBuilder text = new StringBuilder();
        observed.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(dir.resolve(name + ".expected"), text, StandardCharsets.UTF_8);
    }
}
