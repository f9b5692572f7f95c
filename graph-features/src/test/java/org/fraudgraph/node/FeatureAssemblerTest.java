package org.fraudgraph.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.fraudgraph.feature.FeatureCatalog;
import org.junit.jupiter.api.Test;

class FeatureAssemblerTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long ME = 7;
    private final FeatureAssembler assembler = new FeatureAssembler(FeatureSettings.defaults());

    private static NodeAnswer answer(String node, long... accounts) {
        NodeAnswer a = new NodeAnswer();
        a.eventId = "e";
        a.node = node;
        a.accounts = accounts;
        a.others7d = (int) java.util.Arrays.stream(accounts).filter(x -> x != ME).count();
        return a;
    }

    private Map<String, Double> assemble(long confirmedAt, List<NodeAnswer> answers) {
        return assembler.assemble(
                ME,
                NOW,
                confirmedAt,
                new int[] {FeatureCatalog.id("burst.account")},
                new double[] {1.5},
                answers);
    }

    @Test
    void twoHopIsTheUnionOfTheAccountsBehindTheIdentityNodes() {
        NodeAnswer device = answer("DEVICE:d", ME, 1, 2, 3);
        NodeAnswer phone = answer("PHONE:p", ME, 3, 4);
        NodeAnswer ip = answer("IP:1.1.1.1", 1, 2, 3, 5, 6, 8, 9);
        NodeAnswer contact = answer("CONTACT:c", ME, 10);
        contact.query = true;
        contact.others24h = 1;
        Map<String, Double> f = assemble(0, List.of(device, phone, ip, contact));
        assertThat(f)
                .containsEntry("twohop.accounts_7d", 5.0)
                .containsEntry("twohop.largest_set_7d", 3.0)
                .containsEntry("twohop.contact_recent_applicant", 1.0);
    }

    @Test
    void oneHopValuesOfSeveralNodesOfAKindTakeTheLargestAndQueriesAddNone() {
        NodeAnswer c1 = answer("CONTACT:c1");
        c1.ids = new int[] {FeatureCatalog.id("contact.accounts_24h")};
        c1.values = new double[] {2};
        c1.burst = 4;
        NodeAnswer c2 = answer("CONTACT:c2");
        c2.ids = new int[] {FeatureCatalog.id("contact.accounts_24h")};
        c2.values = new double[] {5};
        NodeAnswer queried = answer("PHONE:p");
        queried.query = true;
        queried.ids = new int[] {FeatureCatalog.id("phone.accounts_24h")};
        queried.values = new double[] {9};
        queried.burst = 99;
        List<NodeAnswer> answers = new ArrayList<>(List.of(c1, c2, queried));
        Map<String, Double> f = assemble(0, answers);
        assertThat(f)
                .containsEntry("contact.accounts_24h", 5.0)
                .doesNotContainKey("phone.accounts_24h")
                .containsEntry("burst.score", 4.0)
                .containsEntry("twohop.contact_recent_applicant", 0.0);
        Collections.reverse(answers);
        assertThat(assemble(0, answers)).isEqualTo(f);
    }

    @Test
    void theDeviceAgeWhenTheCredentialsChangedIsItsAgeLessTheTimeSince() {
        NodeAnswer device = answer("DEVICE:d");
        device.ids = new int[] {FeatureCatalog.id("device.age_minutes")};
        device.values = new double[] {75};
        Map<String, Double> none = assemble(0, List.of(device));
        assertThat(none).doesNotContainKey("device.age_at_credentials_change_minutes");
        Map<String, Double> f =
                assembler.assemble(
                        ME,
                        NOW,
                        0,
                        new int[] {FeatureCatalog.id("account.credentials_changed_minutes")},
                        new double[] {40},
                        List.of(device));
        assertThat(f).containsEntry("device.age_at_credentials_change_minutes", 35.0);
        // A device first seen after the change was not known then.
        device.values = new double[] {10};
        assertThat(
                        assembler.assemble(
                                ME,
                                NOW,
                                0,
                                new int[] {
                                    FeatureCatalog.id("account.credentials_changed_minutes")
                                },
                                new double[] {40},
                                List.of(device)))
                .containsEntry("device.age_at_credentials_change_minutes", 0.0);
    }

    @Test
    void aDeviceIsNewToAnAccountOnlyAfterTheJobKnewTheAccount() {
        NodeAnswer device = answer("DEVICE:d");
        device.ids = new int[] {FeatureCatalog.id("device.age_minutes")};
        device.values = new double[] {30};
        int[] seen = {FeatureCatalog.id("account.seen_days")};
        // Known for half a day, the device for half an hour: it came 11.5 hours after.
        assertThat(assembler.assemble(ME, NOW, 0, seen, new double[] {0.5}, List.of(device)))
                .containsEntry("device.first_seen_after_account_minutes", 690.0);
        // The account's first event here came from this device (or the device is older).
        assertThat(
                        assembler.assemble(
                                ME, NOW, 0, seen, new double[] {30 / 1440.0}, List.of(device)))
                .containsEntry("device.first_seen_after_account_minutes", 0.0);
        assertThat(assemble(0, List.of(device)))
                .doesNotContainKey("device.first_seen_after_account_minutes");
    }

    @Test
    void taintIsTheNearestConfirmedFraud() {
        assertThat(assemble(0, List.of(answer("DEVICE:d"))))
                .containsEntry("taint.distance", -1.0)
                .containsEntry("taint.age_hours", -1.0)
                .containsEntry("taint.weight", 0.0);
        NodeAnswer sharedWithFraud = answer("DEVICE:d");
        sharedWithFraud.taintDistance = 2;
        sharedWithFraud.taintAgeMillis = Duration.ofHours(1).toMillis();
        NodeAnswer confirmedPhone = answer("PHONE:p");
        confirmedPhone.taintDistance = 1;
        confirmedPhone.taintAgeMillis = Duration.ofDays(7).toMillis();
        assertThat(assemble(0, List.of(sharedWithFraud, confirmedPhone)))
                .containsEntry("taint.distance", 1.0)
                .containsEntry("taint.age_hours", 168.0)
                .containsEntry("taint.weight", 0.5);
        assertThat(assemble(NOW - Duration.ofHours(2).toMillis(), List.of(confirmedPhone)))
                .containsEntry("taint.distance", 0.0)
                .containsEntry("taint.age_hours", 2.0);
    }
}
