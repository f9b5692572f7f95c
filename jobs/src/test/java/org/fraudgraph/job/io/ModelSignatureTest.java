package org.fraudgraph.job.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSignatureTest {
    @TempDir Path dir;

    private static final byte[] MODEL =
            "{\"version\": \"m-1\", \"bias\": -8}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesOnlyForTheSameBytesAndTheMatchingKey() throws IOException {
        ModelSignature.writeKeyPair(dir, "ops");
        ModelSignature.writeKeyPair(dir, "other");
        PrivateKey key = ModelSignature.readPrivateKey(dir.resolve("ops.key"));
        PublicKey pub = ModelSignature.readPublicKey(dir.resolve("ops.pub"));
        byte[] signature = ModelSignature.sign(key, MODEL);

        assertThat(ModelSignature.verify(pub, MODEL, signature)).isTrue();
        byte[] tampered = MODEL.clone();
        tampered[tampered.length - 2] = '0';
        assertThat(ModelSignature.verify(pub, tampered, signature)).isFalse();
        assertThat(
                        ModelSignature.verify(
                                ModelSignature.readPublicKey(dir.resolve("other.pub")),
                                MODEL,
                                signature))
                .isFalse();
        assertThat(ModelSignature.verify(pub, MODEL, new byte[3])).isFalse();
    }

    @Test
    void thePrivateKeyIsOwnerOnlyAndBothArePem() throws IOException {
        ModelSignature.writeKeyPair(dir, "ops");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ops.key")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(dir.resolve("ops.key")))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("ops.pub")))
                .startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void aFileThatIsNotAKeyGetsAOneLineReason() throws IOException {
        ModelSignature.writeKeyPair(dir, "ops");
        Path garbage = Files.writeString(dir.resolve("garbage.pub"), "hello");
        assertThatThrownBy(() -> ModelSignature.readPublicKey(garbage))
                .isInstanceOf(IOException.class)
                .hasMessage(garbage + ": no -----BEGIN PUBLIC KEY----- block");
        // A private key where the public one belongs.
        Path swapped = dir.resolve("swapped.pub");
        Files.writeString(
                swapped,
                Files.readString(dir.resolve("ops.key")).replace("PRIVATE KEY", "PUBLIC KEY"));
        assertThatThrownBy(() -> ModelSignature.readPublicKey(swapped))
                .isInstanceOf(IOException.class)
                .hasMessage(swapped + ": not an Ed25519 public key");
    }
}
