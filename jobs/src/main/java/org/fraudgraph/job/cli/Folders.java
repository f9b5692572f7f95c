package org.fraudgraph.job.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The commands' temporary folders. */
final class Folders {
    private Folders() {}

    /**
     * Removes a folder and all in it; a failure is reported, not thrown: a leftover temp folder is
     * harmless.
     */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("fraudgraph: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
