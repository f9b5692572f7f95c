package org.fraudgraph.job.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Signatures of scoring models on the control topic: Ed25519 over the model's issue time (header
 * {@value #ISSUED_HEADER}) and the record's value bytes, carried in the record header {@value
 * #HEADER}. The operator keeps the private key; the job gets the public key ({@code
 * --model-public-key}) and then refuses any model not signed with it. Keys are PEM files (PKCS#8
 * private key, X.509 public key), as {@code openssl pkey} writes them.
 */
public final class ModelSignature {
    /** The record header that carries the signature. */
    public static final String HEADER = "fraudgraph.signature";

    /**
     * The record header that carries when the model was issued (8 bytes, big-endian epoch
     * milliseconds); signed with the model, so a replayed older record cannot claim to be newer.
     */
    public static final String ISSUED_HEADER = "fraudgraph.issued";

    private static final String ALGORITHM = "Ed25519";

    private ModelSignature() {}

    public static byte[] sign(PrivateKey key, byte[] value) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(value);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + ALGORITHM + ": " + e, e);
        }
    }

    /**
     * What a model record's signature covers: its issue time (8 bytes, big-endian) followed by the
     * model's bytes; records from before the issue time (no {@link #ISSUED_HEADER}) signed the
     * model's bytes alone.
     */
    public static byte[] signedBytes(long issuedMillis, byte[] value) {
        return java.nio.ByteBuffer.allocate(8 + value.length)
                .putLong(issuedMillis)
                .put(value)
                .array();
    }

    /** The 8 bytes of an issue time for {@link #ISSUED_HEADER}. */
    public static byte[] issuedHeader(long issuedMillis) {
        return java.nio.ByteBuffer.allocate(8).putLong(issuedMillis).array();
    }

    /** Whether {@code signature} is {@code key}'s signature of {@code value}. */
    public static boolean verify(PublicKey key, byte[] value, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(value);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Writes a new key pair: {@code <name>.key} (private, owner-only) and {@code <name>.pub}. */
    public static void writeKeyPair(Path dir, String name) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + ALGORITHM + " in this Java: " + e, e);
        }
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(name + ".key");
        Files.deleteIfExists(privateFile);
        try {
            Files.createFile(
                    privateFile,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(privateFile);
        }
        Files.writeString(
                privateFile,
                pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(
                dir.resolve(name + ".pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(unpem(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not an " + ALGORITHM + " private key", e);
        }
    }

    public static PublicKey readPublicKey(Path file) throws IOException {
        return publicKey(unpem(file, "PUBLIC KEY"), file.toString());
    }

    /** The public key from its X.509 encoding, e.g. as a job carries it to its subtasks. */
    public static PublicKey publicKey(byte[] encoded, String from) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IOException(from + ": not an " + ALGORITHM + " public key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    private static byte[] unpem(Path file, String type) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + ": not a PEM file (" + type + ")");
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + ": no " + begin + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the " + type + " block is not base64");
        }
    }
}
