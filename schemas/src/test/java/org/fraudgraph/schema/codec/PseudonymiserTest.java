package org.fraudgraph.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("hostile")
class PseudonymiserTest {
    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysMadeAsTheDocumentationSaysPass() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1_000; i++) {
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            // openssl rand -hex 32, and 32 raw random bytes.
            assertThat(Pseudonymiser.weakness(text(HexFormat.of().formatHex(raw)))).isNull();
            assertThat(Pseudonymiser.weakness(raw)).isNull();
        }
    }

    @Test
    void guessableKeysAreRefusedWithoutShowingThem() {
        assertThat(Pseudonymiser.weakness(text("short")))
                .isEqualTo("has 5 bytes; at least 32 are needed");
        assertThat(Pseudonymiser.weakness(text("a".repeat(40))))
                .isEqualTo(
                        "carries about 0 bits by its bytes' frequencies; at least 128 are needed");
        assertThat(Pseudonymiser.weakness(text("abab".repeat(10)))).contains("bits");
        assertThat(Pseudonymiser.weakness(text("changeme-now-please!".repeat(2))))
                .isEqualTo("repeats a block of 20 bytes");
        assertThat(Pseudonymiser.weakness(text("Kx9#qL2@abcdefghijklmnopqrstuvwxyz")))
                .isEqualTo("has a run of 8 bytes in even steps");
        assertThatThrownBy(() -> Pseudonymiser.withKey(text("secret-secret-secret-secret-secret")))
                .hasMessageStartingWith("the HMAC key carries about ")
                .hasMessageNotContaining("secret-");
    }

    @Test
    void keyedHashesLookHashedAndRawIdentifiersDoNot() {
        Pseudonymiser p =
                Pseudonymiser.withKey(text("3f1c9a7e5b2d4806e1f7a3c5b9d2e4f60718293a4b5c6d7e"));
        assertThat(Pseudonymiser.looksHashed(p.hash("13800138000"))).isTrue();
        assertThat(Pseudonymiser.looksHashed("9f2c44aa01de7b3c")).isTrue();
        assertThat(Pseudonymiser.looksHashed("13800138000")).isFalse();
        assertThat(Pseudonymiser.looksHashed("6222021234567890123")).as("a card").isFalse();
        assertThat(Pseudonymiser.looksHashed("11010519491231002X")).as("an id number").isFalse();
        assertThat(Pseudonymiser.looksHashed("3 Station Road")).isFalse();
        assertThat(Pseudonymiser.looksHashed("9F2C44AA01DE7B3C")).isFalse();
    }

    @Test
    void theFirstRawPersonalFieldIsNamedWithItsLengthNotItsValue() {
        org.fraudgraph.schema.DeviceEvent e =
                org.fraudgraph.schema.DeviceEvent.newBuilder()
                        .setEventId("e")
                        .setEventTime(java.time.Instant.parse("2026-12-06T10:00:00Z"))
                        .setType(org.fraudgraph.schema.DeviceEventType.CHANGE_PHONE)
                        .setAccountId("a")
                        .setDeviceId("d")
                        .setFingerprint(
                                org.fraudgraph.schema.DeviceFingerprint.newBuilder().build())
                        .setBankCardHash("9f2c44aa01de7b3c")
                        .setPhoneHash("13800138000")
                        .build();
        assertThat(Pseudonymiser.unhashedField(e)).isEqualTo("phoneHash (11 characters)");
        e.setPhoneHash("0a2c44aa01de7b3c");
        assertThat(Pseudonymiser.unhashedField(e)).isNull();
    }
}
