package org.fraudgraph.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder of format fixtures on the test class path: {@code fixtures.txt} names them (lines
 * starting with {@code #} are comments), and each is a {@code .bin} with the bytes an earlier
 * release wrote and a {@code .expected} of {@code key=value} lines with what it read back.
 *
 * <pre>{@code
 * FixtureFiles history = new FixtureFiles("/org/fraudgraph/history/");
 * history.names().forEach(name -> check(history.bytes(name), history.expected(name)));
 * }</pre>
 */
public final class FixtureFiles {
    private final String dir;

    /**
     * @param dir the folder on the class path, with a trailing slash
     */
    public FixtureFiles(String dir) {
        this.dir = dir;
    }

    public Stream<String> names() throws IOException {
        return text("fixtures.txt").lines().filter(l -> !l.isBlank() && !l.startsWith("#"));
    }

    public byte[] bytes(String name) throws IOException {
        return read(name + ".bin");
    }

    public Map<String, String> expected(String name) throws IOException {
        Map<String, String> m = new TreeMap<>();
        text(name + ".expected")
                .lines()
                .forEach(
                        l ->
                                m.put(
                                        l.substring(0, l.indexOf('=')),
                                        l.substring(l.indexOf('=') + 1)));
        return m;
    }

    private String text(String file) throws IOException {
        return new String(read(file), StandardCharsets.UTF_8);
    }

    private byte[] read(String file) throws IOException {
        try (InputStream in = FixtureFiles.class.getResourceAsStream(dir + file)) {
            if (in == null) {
                throw new AssertionError("no fixture " + dir + file + " on the class path");
            }
            return in.readAllBytes();
        }
    }
}
