package org.fraudgraph.job.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        // Flink may still be removing old checkpoints in there as it shuts down: a file that
        // vanishes during the walk is walked again.
        String problem = null;
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                problem = null;
            } catch (IOException | UncheckedIOException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null || Files.exists(dir)) {
            System.err.println("fraudgraph: could not remove " + dir + ": " + problem);
        }
    }
}
