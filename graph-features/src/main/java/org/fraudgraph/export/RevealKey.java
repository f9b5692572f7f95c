package org.fraudgraph.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The investigator's local key that maps the keyed hashes of personal identifiers back to their
 * values, for an export that must show them. The job never sees raw values, so the platform's
 * identity vault exports this file for the one referral that needs it:
 *
 * <pre>{@code
 * {"format": "fraudgraph-reveal-key/1",
 *  "values": {"3f9a…": "+86 138 0000 0000", "c01d…": "110101199001011234"}}
 * }</pre>
 *
 * The file's SHA-256 goes into the manifest and the audit log, never its content.
 */
public final class RevealKey {
    public static final String FORMAT = "fraudgraph-reveal-key/1";

    private final Map<String, String> values;
    private final String sha256;

    private RevealKey(Map<String, String> values, String sha256) {
        this.values = values;
        this.sha256 = sha256;
    }

    public static RevealKey read(Path file) throws ExportException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExportException("cannot read the reveal key " + file + ": " + reason(e));
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new ExportException(
                    "the reveal key " + file + " is not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new ExportException(
                    "the reveal key "
                            + file
                            + " is not a "
                            + FORMAT
                            + " file (no \"format\": \""
                            + FORMAT
                            + "\")");
        }
        JsonNode entries = root.path("values");
        if (!entries.isObject()) {
            throw new ExportException(
                    "the reveal key " + file + " has no \"values\" object of hash to value");
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new ExportException(
                        "the reveal key "
                                + file
                                + ": the value of "
                                + e.getKey()
                                + " is not a string");
            }
            values.put(e.getKey(), e.getValue().asText());
        }
        return new RevealKey(values, Hashes.sha256(bytes));
    }

    /** The value behind a hash, when the key has it. */
    public Optional<String> reveal(String hash) {
        return Optional.ofNullable(values.get(hash));
    }

    /** SHA-256 of the key file, to name the key in the manifest and the audit log. */
    public String sha256() {
        return sha256;
    }

    static String reason(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? name : firstLine(e.getMessage());
        };
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
