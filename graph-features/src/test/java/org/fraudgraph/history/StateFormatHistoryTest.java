package org.fraudgraph.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.node.AccountState;
import org.fraudgraph.node.AccountStateSerializer;
import org.fraudgraph.node.FeatureSettings;
import org.fraudgraph.node.NodeState;
import org.fraudgraph.node.NodeStateSerializer;
import org.fraudgraph.ring.RingSettings;
import org.fraudgraph.ring.RingStore;
import org.fraudgraph.ring.RingStoreSerializer;
import org.fraudgraph.risk.AccountRisk;
import org.fraudgraph.risk.AccountRiskSerializer;
import org.fraudgraph.testing.FixtureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State written by every earlier format version still reads: for each fixture (bytes a release
 * wrote for a scripted node, account or ring store, see {@link StateFormatFixtures}), today's
 * serializer reads it and the state answers the same probe as the writing release did. Like the
 * Avro schema history, this is what lets a savepoint taken by an old release restore in a new one.
 */
class StateFormatHistoryTest {
    private static final FeatureSettings SETTINGS = FeatureSettings.defaults();
    private static final FixtureFiles HISTORY = new FixtureFiles("/org/fraudgraph/history/");

    static Stream<String> fixtures() throws IOException {
        return HISTORY.names();
    }

    @Test
    void everyVersionOfEveryStateHasAFixtureAndTheCurrentOneIsWhatIsWritten() throws Exception {
        List<String> all = fixtures().toList();
        for (int v = 1; v <= NodeStateSerializer.VERSION; v++) {
            for (NodeKind kind : NodeKind.values()) {
                String prefix = "node-" + kind.name().toLowerCase(Locale.ROOT) + "-v" + v + "-";
                assertThat(all).as(prefix).anyMatch(f -> f.startsWith(prefix));
            }
        }
        for (int v = 1; v <= AccountStateSerializer.VERSION; v++) {
            String prefix = "account-v" + v + "-";
            assertThat(all).as(prefix).anyMatch(f -> f.startsWith(prefix));
        }
        for (int v = 1; v <= RingStoreSerializer.VERSION; v++) {
            String prefix = "rings-v" + v + "-";
            assertThat(all).as(prefix).anyMatch(f -> f.startsWith(prefix));
        }
        for (int v = 1; v <= AccountRiskSerializer.VERSION; v++) {
            String prefix = "risk-v" + v + "-";
            assertThat(all).as(prefix).anyMatch(f -> f.startsWith(prefix));
        }
        // Today's writer writes today's version, byte for byte the current fixture.
        for (NodeKind kind : new NodeKind[] {NodeKind.DEVICE, NodeKind.MERCHANT}) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            assertThat(
                            NodeStateSerializer.serialize(
                                    StateFormatFixtures.scriptedNode(kind, SETTINGS)))
                    .isEqualTo(bytes(current("node-" + name + "-v" + NodeStateSerializer.VERSION)));
        }
        assertThat(AccountStateSerializer.serialize(StateFormatFixtures.scriptedAccount(SETTINGS)))
                .isEqualTo(bytes(current("account-v" + AccountStateSerializer.VERSION)));
        assertThat(RingStoreSerializer.serialize(StateFormatFixtures.scriptedRings()))
                .isEqualTo(bytes(current("rings-v" + RingStoreSerializer.VERSION)));
        assertThat(AccountRiskSerializer.serialize(RiskStateFixtures.scriptedRisk()))
                .isEqualTo(bytes(current("risk-v" + AccountRiskSerializer.VERSION)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void bytesOfEachVersionReadAndAnswerAsTheyDidWhenWritten(String fixture) throws Exception {
        byte[] bytes = bytes(fixture);
        Map<String, String> expected = expected(fixture);
        Map<String, String> observed;
        if (fixture.startsWith("node-")) {
            NodeKind kind =
                    NodeKind.valueOf(
                            fixture.substring(5, fixture.indexOf("-v")).toUpperCase(Locale.ROOT));
            NodeState node = NodeStateSerializer.deserialize(kind, bytes, SETTINGS);
            observed = StateFormatFixtures.observe(node, kind, SETTINGS);
        } else if (fixture.startsWith("account-")) {
            AccountState account = AccountStateSerializer.deserialize(bytes);
            observed = StateFormatFixtures.observe(StateFormatFixtures.probe(account, SETTINGS));
        } else if (fixture.startsWith("risk-")) {
            AccountRisk risk = AccountRiskSerializer.deserialize(bytes);
            // Written again before observing: observing shows (and marks) a case's version.
            byte[] again = AccountRiskSerializer.serialize(risk);
            observed = RiskStateFixtures.observe(risk);
            assertThat(RiskStateFixtures.observe(AccountRiskSerializer.deserialize(again)))
                    .isEqualTo(observed);
        } else {
            RingStore store =
                    RingStoreSerializer.deserialize(bytes, RingSettings.defaults(), "fixture");
            observed = StateFormatFixtures.observe(store);
            // Read, written again in today's version, read again: nothing lost on the way.
            assertThat(
                            StateFormatFixtures.observe(
                                    RingStoreSerializer.deserialize(
                                            RingStoreSerializer.serialize(store),
                                            RingSettings.defaults(),
                                            "fixture")))
                    .isEqualTo(observed);
        }
        // Every answer it gave when written, as it gave it; a later reader may answer more.
        assertThat(observed).as(fixture).containsAllEntriesOf(expected);
        assertThat(expected.keySet()).as(fixture).containsAll(questionsOfItsTime(observed));
    }

    /** The questions every version's observation answers (all but those added later). */
    private static java.util.Set<String> questionsOfItsTime(Map<String, String> observed) {
        java.util.Set<String> keys = new java.util.TreeSet<>(observed.keySet());
        keys.removeIf(
                k ->
                        k.startsWith("new_version+")
                                || k.equals("account.credentials_changed_minutes")
                                || k.startsWith("merchant.round_amount_share")
                                || k.equals("merchant.large_round_share_7d")
                                || k.equals("merchant.round_payments_handed_over"));
        return keys;
    }

    private static String current(String prefix) throws IOException {
        // The current format's fixture is named by date, the earlier ones by commit.
        return fixtures()
                .filter(f -> f.startsWith(prefix + "-") && f.matches(".*-\\d{4}-\\d\\d-\\d\\d"))
                .max(String::compareTo)
                .orElseThrow();
    }

    private static byte[] bytes(String fixture) throws IOException {
        return HISTORY.bytes(fixture);
    }

    private static Map<String, String> expected(String fixture) throws IOException {
        return HISTORY.expected(fixture);
    }
}
