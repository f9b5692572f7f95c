package org.fraudgraph.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fraudgraph.schema.RingCase;

/**
 * {@code manifest.json}: what the bundle is (case, version, the ring rules that found it, when, by
 * which tool, hashed or revealed) and the SHA-256 of every other file in it. {@link #verify} checks
 * a bundle folder against it.
 */
public final class BundleManifest {
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleManifest() {}

    static void write(Path dir, RingCase c, BundleInfo info, RevealKey key) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "fraudgraph-referral-bundle/1");
        m.put("caseId", c.getCaseId());
        m.put("caseVersion", c.getVersion());
        m.put("kind", c.getKind().name());
        m.put("configVersion", c.getConfigVersion());
        m.put("exportedAt", info.exportedAt().toString());
        m.put("tool", info.tool());
        m.put("investigator", info.investigator());
        m.put("reason", info.reason());
        m.put("personalData", key == null ? "hashed" : "revealed");
        if (info.hashedAtExport() > 0) {
            m.put("hashedAtExport", info.hashedAtExport());
        }
        if (key != null) {
            m.put("revealKeySha256", key.sha256());
        }
        ObjectNode files = m.putObject("files");
        for (Map.Entry<String, String> f : hashes(dir).entrySet()) {
            files.put(f.getKey(), f.getValue());
        }
        Files.write(dir.resolve(FILE), JSON.writeValueAsBytes(m));
    }

    /** SHA-256 of every regular file in {@code dir} except the manifest, by name. */
    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.equals(FILE)) {
                    out.put(name, Hashes.sha256(f));
                }
            }
        }
        return out;
    }

    /** The outcome of a check: what was checked and what is wrong (empty when all is well). */
    public record Check(String caseId, int caseVersion, int files, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Recomputes every file's SHA-256 and compares it with the manifest; also reports files that
     * are missing or not listed.
     */
    public static Check verify(Path dir) throws ExportException {
        if (!Files.isDirectory(dir)) {
            throw new ExportException(dir + " is not a folder");
        }
        Path manifest = dir.resolve(FILE);
        JsonNode m;
        try {
            m = JSON.readTree(Files.readAllBytes(manifest));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExportException(dir + " has no " + FILE + ": not a referral bundle");
        } catch (IOException e) {
            throw new ExportException(
                    manifest
                            + " is not readable JSON: "
                            + RevealKey.firstLine(String.valueOf(e.getMessage())));
        }
        JsonNode listed = m.path("files");
        if (!listed.isObject() || listed.isEmpty()) {
            throw new ExportException(manifest + " lists no files");
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> actual;
        try {
            actual = hashes(dir);
        } catch (IOException e) {
            throw new ExportException("cannot read " + dir + ": " + RevealKey.reason(e));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String now = actual.remove(f.getKey());
            if (now == null) {
                problems.add(f.getKey() + ": missing");
            } else if (!now.equals(f.getValue().asText())) {
                problems.add(
                        f.getKey()
                                + ": changed (SHA-256 "
                                + now
                                + ", manifest says "
                                + f.getValue().asText()
                                + ")");
            }
        }
        for (String extra : actual.keySet()) {
            problems.add(extra + ": not in the manifest");
        }
        return new Check(
                m.path("caseId").asText("?"),
                m.path("caseVersion").asInt(0),
                listed.size(),
                problems);
    }
}
