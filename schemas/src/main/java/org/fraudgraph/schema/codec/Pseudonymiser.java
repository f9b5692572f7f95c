package org.fraudgraph.schema.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;

/**
 * Replaces personal identifiers in a decoded event by their keyed hash (HMAC-SHA256, the first 16
 * bytes in hex), for platforms that send them raw. The personal fields are the ones whose schema
 * field carries {@code "personal": true} (phones, id numbers, bank cards, addresses, employers,
 * contact phones), and a verdict's entity id when it names such an identifier.
 *
 * <p>A value already hashed by the platform is hashed again: the result is still one stable value
 * per identifier, which is all the graph needs. The key never leaves this object: not in {@link
 * #toString()}, not in an exception.
 *
 * <pre>{@code
 * Pseudonymiser p = Pseudonymiser.withKey(Pseudonymiser.readKeyFile(path));
 * p.apply(applicationEvent); // its phoneHash, idNumberHash, ... are now keyed hashes
 * }</pre>
 *
 * <p>Not thread-safe (one {@link Mac} per instance): one per source reader.
 */
public final class Pseudonymiser {
    /** The schema field property that marks personal data. */
    public static final String PROPERTY = "personal";

    /** Shorter keys are refused: HMAC-SHA256 wants at least its output size. */
    public static final int MIN_KEY_BYTES = 32;

    /** Entity types whose ids are personal data (held as keyed hashes). */
    public static final Set<EntityType> PERSONAL_ENTITIES =
            java.util.Collections.unmodifiableSet(
                    EnumSet.of(
                            EntityType.PHONE,
                            EntityType.ID_NUMBER,
                            EntityType.BANK_CARD,
                            EntityType.ADDRESS,
                            EntityType.EMPLOYER));

    private final Mac mac;

    /** A key must carry at least this much entropy, estimated from its bytes' frequencies. */
    public static final int MIN_KEY_BITS = 128;

    private Pseudonymiser(byte[] key) {
        String weakness = weakness(key);
        if (weakness != null) {
            throw new IllegalArgumentException("the HMAC key " + weakness);
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /**
     * Why a key is too weak to hide identifiers (a phone number has few enough values that anyone
     * holding a guessable key can hash them all), or {@code null}: shorter than {@value
     * #MIN_KEY_BYTES} bytes; less than {@value #MIN_KEY_BITS} bits by its bytes' frequencies (a key
     * of one letter, or of a few repeated); a repeated block ({@code changeme-changeme-...}); a run
     * of 8 bytes in even steps ({@code abcdefgh}, {@code 00000000}). {@code openssl rand -hex 32}
     * passes. The reason never shows the key.
     */
    public static String weakness(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            return "has " + key.length + " bytes; at least " + MIN_KEY_BYTES + " are needed";
        }
        int[] counts = new int[256];
        for (byte b : key) {
            counts[b & 0xff]++;
        }
        double bits = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = c / (double) key.length;
                bits -= c * Math.log(p) / Math.log(2);
            }
        }
        if (bits < MIN_KEY_BITS) {
            return String.format(
                    java.util.Locale.ROOT,
                    "carries about %.0f bits by its bytes' frequencies; at least %d are needed",
                    bits,
                    MIN_KEY_BITS);
        }
        for (int period = 1; period <= key.length / 2; period++) {
            boolean repeats = true;
            for (int i = period; i < key.length && repeats; i++) {
                repeats = key[i] == key[i - period];
            }
            if (repeats) {
                return "repeats a block of " + period + " bytes";
            }
        }
        int run = 1;
        for (int i = 2; i < key.length; i++) {
            run = key[i] - key[i - 1] == key[i - 1] - key[i - 2] ? run + 1 : 1;
            if (run >= 7) {
                return "has a run of 8 bytes in even steps";
            }
        }
        return null;
    }

    /**
     * Whether an identifier looks like a keyed hash: 16 to 128 lowercase hex digits with at least
     * one letter (this class gives 32, a platform's SHA-256 64). A raw phone, card or id number is
     * digits (with at most an {@code X}), an address or employer words: none looks hashed. One
     * 16-digit hash in 1,800 is digits only and is taken for raw.
     */
    public static boolean looksHashed(CharSequence id) {
        if (id == null || id.length() < 16 || id.length() > 128) {
            return false;
        }
        boolean letter = false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 'a' && c <= 'f') {
                letter = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return letter;
    }

    /**
     * The first personal field of {@code record} whose value does not look like a keyed hash, as
     * its name and length (never its value), or {@code null}.
     */
    public static String unhashedField(IndexedRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            if (!Boolean.TRUE.equals(field.getObjectProp(PROPERTY))) {
                continue;
            }
            Object value = record.get(field.pos());
            List<?> values =
                    value instanceof List<?> list
                            ? list
                            : java.util.Collections.singletonList(value);
            for (Object v : values) {
                if (v instanceof CharSequence text && text.length() > 0 && !looksHashed(text)) {
                    return field.name()
                            + " ("
                            + text.length()
                            + (text.length() == 1 ? " character)" : " characters)");
                }
            }
        }
        return null;
    }

    public static Pseudonymiser withKey(byte[] key) {
        return new Pseudonymiser(key);
    }

    /**
     * The key in a file: its bytes, without a trailing line break (so {@code openssl rand -hex 32 >
     * key} works).
     */
    public static byte[] readKeyFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    /** The key in an environment variable, as its UTF-8 bytes; null when it is not set. */
    public static byte[] readKeyEnv(String name) {
        String value = System.getenv(name);
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** The keyed hash of one identifier: 32 hex digits. */
    public String hash(String value) {
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** Hashes the personal fields of {@code record} in place and returns it. */
    public <T extends IndexedRecord> T apply(T record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            if (Boolean.TRUE.equals(field.getObjectProp(PROPERTY))) {
                record.put(field.pos(), hashed(record.get(field.pos())));
            }
        }
        if (record instanceof FeedbackEvent verdict
                && PERSONAL_ENTITIES.contains(verdict.getEntityType())
                && verdict.getEntityId() != null) {
            verdict.setEntityId(hash(verdict.getEntityId().toString()));
        }
        return record;
    }

    private Object hashed(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence text) {
            return hash(text.toString());
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(item == null ? null : hash(item.toString()));
            }
            return out;
        }
        throw new IllegalStateException(
                "a personal field holds " + value.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return "Pseudonymiser(HmacSHA256)";
    }
}
