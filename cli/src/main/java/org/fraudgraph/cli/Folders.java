package org.fraudgraph.cli;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The commands' temporary folders. */
public final class Folders {
    private Folders() {}

    /**
     * Removes a folder and all in it; a failure is reported, not thrown: a leftover temp folder is
     * harmless.
     *
     * <p>Flink may still be removing old checkpoints in there as it shuts down, so a file or folder
     * that vanishes during the walk counts as removed, and a folder that gains a file meanwhile is
     * walked again.
     */
    public static void deleteRecursively(Path dir) {
        String problem = null;
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try {
                Files.walkFileTree(dir, new Remover());
                problem = null;
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null || Files.exists(dir)) {
            System.err.println(
                    "fraudgraph: could not remove "
                            + dir
                            + (problem == null ? "" : ": " + problem));
        }
    }

    /** Deletes files, then their folders; what is gone already is skipped. */
    private static final class Remover extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            try {
                Files.deleteIfExists(folder);
            } catch (DirectoryNotEmptyException refilled) {
                // Something wrote into it meanwhile; the next attempt walks it again.
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
