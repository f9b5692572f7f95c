package org.fraudgraph.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.fraudgraph.schema.Decision;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.FraudScore;
import org.fraudgraph.schema.ReasonCode;
import org.junit.jupiter.api.Test;

class ScoringModelTest {
    private static final String MODEL =
            """
            {"version": "test-3", "bias": -4.0, "thresholds": {"review": 0.5, "block": 0.9},
             "terms": [
               {"code": "DEVICE_SHARED_24H", "feature": "device.accounts_24h", "weight": 0.5,
                "from": 4, "cap": 30, "detail": "{value} accounts on this device in 24 h"},
               {"code": "MERCHANT_ROUND_AMOUNTS_7D", "feature": "merchant.round_amount_share_7d",
                "weight": 2.0, "from": 0.25, "cap": 1, "detail": "{percent} round amounts"},
               {"code": "NEW_DEVICE", "feature": "novelty.new_device", "weight": 1.0, "cap": 1,
                "detail": "first use of this device"}
             ],
             "rules": [
               {"code": "CONFIRMED_FRAUD", "when": [{"feature": "account.confirmed_fraud",
                "op": ">=", "value": 1}], "decision": "BLOCK", "detail": "confirmed fraud"},
               {"code": "EMULATOR_APPLICATION_ON_NEW_DEVICE", "when": [
                 {"feature": "device.emulator", "op": ">=", "value": 1},
                 {"feature": "application.device_age_minutes", "op": "<=", "value": 10}],
                "decision": "REVIEW", "detail": "emulator registered minutes before"}
             ]}""";

    /** Device 0.5 × (12 − 4) = 4.0; merchant 2 × (0.75 − 0.25) = 1.0; new device 1.0. */
    private static final Map<String, Double> THREE_TERMS =
            Map.of(
                    "device.accounts_24h", 12.0,
                    "merchant.round_amount_share_7d", 0.75,
                    "novelty.new_device", 1.0);

    private static ScoringModel model() throws ModelConfig.Invalid {
        return ModelConfig.parse(MODEL);
    }

    private static FraudScore score(Map<String, Double> features) throws ModelConfig.Invalid {
        return model().score("e-1", EventKind.TRANSACTION, "acc-1", 1_000L, features);
    }

    @Test
    void eachTermAddsWeightTimesTheClampedExcessAndIsAReasonWithThatContribution()
            throws Exception {
        FraudScore s = score(THREE_TERMS);
        double logit = -4.0 + 4.0 + 1.0 + 1.0;
        assertThat(s.getScore()).isCloseTo(1 / (1 + Math.exp(-logit)), within(1e-12));
        assertThat(s.getDecision()).as("0.881: review, below block").isEqualTo(Decision.REVIEW);
    }

    @Test
    void reasonsAreSortedByContributionAndSayTheValues() throws Exception {
        FraudScore s = score(THREE_TERMS);
        assertThat(s.getReasons())
                .extracting(ReasonCode::getCode, ReasonCode::getContribution, ReasonCode::getDetail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "DEVICE_SHARED_24H", 4.0, "12 accounts on this device in 24 h"),
                        org.assertj.core.groups.Tuple.tuple(
                                "MERCHANT_ROUND_AMOUNTS_7D", 1.0, "75 % round amounts"),
                        org.assertj.core.groups.Tuple.tuple(
                                "NEW_DEVICE", 1.0, "first use of this device"));
        assertThat(s.getConfigVersion()).isEqualTo("test-3");
        assertThat(s.getFeatures()).containsEntry("device.accounts_24h", 12.0);
    }

    @Test
    void belowFromAnAbsentFeatureOrAboveCapAddNothingMore() throws Exception {
        FraudScore quiet = score(Map.of("device.accounts_24h", 3.0));
        assertThat(quiet.getReasons()).isEmpty();
        assertThat(quiet.getScore()).isCloseTo(1 / (1 + Math.exp(4.0)), within(1e-12));
        assertThat(quiet.getDecision()).isEqualTo(Decision.ALLOW);

        FraudScore capped = score(Map.of("device.accounts_24h", 500.0));
        assertThat(capped.getReasons().get(0).getContribution()).isEqualTo(0.5 * 26);
    }

    @Test
    void thresholdsDecide() throws Exception {
        // logit −4 + 0.5 × 8 = 0 → 0.5 → REVIEW (at the review threshold)
        assertThat(score(Map.of("device.accounts_24h", 12.0)).getDecision())
                .isEqualTo(Decision.REVIEW);
        // logit −4 + 0.5 × 14 = 3 → 0.953 → BLOCK
        assertThat(score(Map.of("device.accounts_24h", 18.0)).getDecision())
                .isEqualTo(Decision.BLOCK);
    }

    @Test
    void aRuleRaisesTheDecisionAndComesFirst() throws Exception {
        FraudScore s =
                score(
                        Map.of(
                                "account.confirmed_fraud", 1.0,
                                "device.accounts_24h", 6.0));
        assertThat(s.getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(s.getScore()).isEqualTo(0.9);
        assertThat(s.getReasons())
                .extracting(ReasonCode::getCode)
                .containsExactly("CONFIRMED_FRAUD", "DEVICE_SHARED_24H");
        assertThat(s.getReasons().get(0).getContribution()).isEqualTo(1.0);
    }

    @Test
    void aRuleFiresOnlyWhenAllItsConditionsHold() throws Exception {
        assertThat(
                        score(Map.of("device.emulator", 1.0, "application.device_age_minutes", 4.0))
                                .getDecision())
                .isEqualTo(Decision.REVIEW);
        assertThat(
                        score(
                                        Map.of(
                                                "device.emulator",
                                                1.0,
                                                "application.device_age_minutes",
                                                40.0))
                                .getDecision())
                .isEqualTo(Decision.ALLOW);
        assertThat(score(Map.of("device.emulator", 1.0)).getDecision())
                .as("an absent feature never matches")
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void theBuiltInModelLeavesAHouseholdAloneAndFlagsAFarmOnceItsRingIsACase() {
        ScoringModel builtIn = ScoringModel.defaults();
        assertThat(builtIn.version()).isNotBlank();
        // Ten people on one tablet, one address, the same relative as contact: sharing alone is
        // what households and offices do; whether it is a ring is the ring stage's question.
        Map<String, Double> household =
                Map.of(
                        "device.accounts_24h", 10.0,
                        "twohop.largest_set_7d", 9.0,
                        "twohop.accounts_7d", 9.0,
                        "twohop.contact_recent_applicant", 1.0,
                        "account.events_24h", 3.0);
        FraudScore family = builtIn.score("e", EventKind.APPLICATION, "acc", 0, household);
        assertThat(family.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(family.getReasons()).isEmpty();

        Map<String, Double> farm = new java.util.HashMap<>(household);
        farm.put("device.accounts_24h", 30.0);
        farm.put("device.emulator", 1.0);
        farm.put("device.rooted", 1.0);
        farm.put("application.device_age_minutes", 3.0);
        assertThat(builtIn.score("e", EventKind.APPLICATION, "acc", 0, farm).getDecision())
                .as("an application from an emulator registered minutes before")
                .isEqualTo(Decision.BLOCK);
        farm.remove("application.device_age_minutes");
        farm.put("case.open_cases", 1.0);
        farm.put("case.new_version", 1.0);
        FraudScore member = builtIn.score("e", EventKind.TRANSACTION, "acc", 0, farm);
        assertThat(member.getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(member.getReasons().get(0).getCode().toString()).isEqualTo("OPEN_CASE_MEMBER");
    }

    @Test
    void theBuiltInModelCountsPeopleNotApplicationsOnAnAddressOrContact() {
        ScoringModel builtIn = ScoringModel.defaults();
        // One customer applying 18 times in a week from home, naming the same relatives: that is
        // the customer's own pace, no ring (an honest account of varied seed 43 was alerted 11
        // times for it while the terms counted applications).
        Map<String, Double> oneCustomer =
                Map.of(
                        "contact.applications_24h", 6.0,
                        "contact.accounts_24h", 1.0,
                        "address.applications_7d", 15.0,
                        "address.accounts_7d", 1.0);
        FraudScore own = builtIn.score("e", EventKind.APPLICATION, "acc", 0, oneCustomer);
        assertThat(own.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(own.getReasons()).isEmpty();

        // Six people naming one contact in a day and fifteen applying from one address in a week.
        Map<String, Double> crew = new java.util.HashMap<>(oneCustomer);
        crew.put("contact.accounts_24h", 6.0);
        crew.put("address.accounts_7d", 15.0);
        FraudScore ring = builtIn.score("e", EventKind.APPLICATION, "acc", 0, crew);
        assertThat(ring.getReasons())
                .extracting(r -> r.getCode().toString())
                .contains("CONTACT_APPLICANTS_24H", "ADDRESS_APPLICANTS_7D");
        assertThat(ring.getDecision()).isNotEqualTo(Decision.ALLOW);
    }

    @Test
    void theBuiltInModelHoldsMoneySentSoonAfterACredentialChangeFromANewDevice() {
        ScoringModel builtIn = ScoringModel.defaults();
        // A taken-over account: the attacker's phone logged in, reset the password 50 minutes
        // after it first appeared (a slow session) and changed the phone number, and 12 minutes
        // after that money leaves for another account.
        Map<String, Double> takeover =
                new java.util.HashMap<>(
                        Map.of(
                                "event.transfer", 1.0,
                                "account.credentials_changed_minutes", 12.0,
                                "device.age_at_credentials_change_minutes", 50.0,
                                "account.age_days", 40.0,
                                "device.first_seen_after_account_minutes", 5 * 60.0));
        FraudScore held = builtIn.score("e", EventKind.TRANSACTION, "acc", 0, takeover);
        assertThat(held.getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(held.getReasons().get(0).getCode().toString()).isEqualTo("NEW_DEVICE_TRANSFER");
        // The owner's transfer after a reset made from a phone known for a day, or a day after
        // their own reset.
        takeover.put("device.age_at_credentials_change_minutes", 1_440.0);
        assertThat(builtIn.score("e", EventKind.TRANSACTION, "acc", 0, takeover).getDecision())
                .isEqualTo(Decision.ALLOW);
        takeover.put("device.age_at_credentials_change_minutes", 20.0);
        takeover.put("account.credentials_changed_minutes", 1_440.0);
        assertThat(builtIn.score("e", EventKind.TRANSACTION, "acc", 0, takeover).getDecision())
                .isEqualTo(Decision.ALLOW);
        // An account opened within the day: all its devices are new.
        takeover.put("account.credentials_changed_minutes", 12.0);
        takeover.put("account.age_days", 0.3);
        assertThat(builtIn.score("e", EventKind.TRANSACTION, "acc", 0, takeover).getDecision())
                .isEqualTo(Decision.ALLOW);
        takeover.put("account.age_days", 40.0);
        // An old account the job first met with this device (its first day, or the account's
        // first event here): the device is as new to the job as the account, not new to it.
        takeover.put("device.first_seen_after_account_minutes", 0.0);
        assertThat(builtIn.score("e", EventKind.TRANSACTION, "acc", 0, takeover).getDecision())
                .isEqualTo(Decision.ALLOW);
        takeover.put("device.first_seen_after_account_minutes", 5 * 60.0);
        assertThat(builtIn.score("e", EventKind.TRANSACTION, "acc", 0, takeover).getDecision())
                .isEqualTo(Decision.REVIEW);
        // A purchase from the new phone is the takeover rules' business, not this one's.
        takeover.put("account.credentials_changed_minutes", 12.0);
        takeover.remove("event.transfer");
        assertThat(builtIn.score("e", EventKind.TRANSACTION, "acc", 0, takeover).getReasons())
                .noneMatch(r -> r.getCode().toString().equals("NEW_DEVICE_TRANSFER"));
    }

    @Test
    void invalidModelsAreRefusedWithOneLineNamingTheField() {
        assertThatThrownBy(() -> ModelConfig.parse("{\"version\": \"v\"}"))
                .isInstanceOf(ModelConfig.Invalid.class)
                .hasMessage("\"bias\" is missing");
        assertThatThrownBy(
                        () ->
                                ModelConfig.parse(
                                        MODEL.replace(
                                                "\"review\": 0.5, \"block\": 0.9",
                                                "\"review\": 0.95, \"block\": 0.9")))
                .hasMessageStartingWith("thresholds: need 0 <= review <= block <= 1");
        assertThatThrownBy(
                        () ->
                                ModelConfig.parse(
                                        MODEL.replace("device.accounts_24h", "device.acounts_24h")))
                .hasMessage("terms[0].feature: unknown feature device.acounts_24h");
        assertThatThrownBy(
                        () ->
                                ModelConfig.parse(
                                        MODEL.replace("\"NEW_DEVICE\"", "\"DEVICE_SHARED_24H\"")))
                .hasMessage("terms[2].code DEVICE_SHARED_24H is used twice");
        assertThatThrownBy(
                        () -> ModelConfig.parse(MODEL.replace("\"op\": \">=\"", "\"op\": \"=>\"")))
                .hasMessage("rules[0].when[0].op must be one of >=, >, <=, <, == (got =>)");
        assertThatThrownBy(
                        () ->
                                ModelConfig.parse(
                                        MODEL.replace("\"weight\": 0.5", "\"weight\": \"high\"")))
                .hasMessage("\"terms[0].weight\" must be a finite number");
        assertThatThrownBy(
                        () ->
                                ModelConfig.parse(
                                        MODEL.replace(
                                                "\"decision\": \"BLOCK\"",
                                                "\"decision\": \"ALLOW\"")))
                .hasMessage("rules[0].decision must be REVIEW or BLOCK (got ALLOW)");
        assertThatThrownBy(() -> ModelConfig.parse(MODEL.replace("\"cap\": 30", "\"cap\": 3")))
                .hasMessage("terms[0]: \"cap\" must be greater than \"from\"");
        assertThatThrownBy(() -> ModelConfig.parse("[1, 2]")).hasMessage("expected a JSON object");
        assertThatThrownBy(() -> ModelConfig.parse(MODEL + "}"))
                .hasMessageStartingWith("not valid JSON");
    }

    @Test
    void detailsPrintWholeNumbersPlainly() {
        assertThat(ScoringModel.detail("{value} accounts", 31.0)).isEqualTo("31 accounts");
        assertThat(ScoringModel.detail("{value} h", 2.5)).isEqualTo("2.50 h");
        assertThat(ScoringModel.detail("{percent} new", 0.6)).isEqualTo("60 % new");
    }
}
