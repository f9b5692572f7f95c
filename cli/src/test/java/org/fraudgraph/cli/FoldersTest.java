package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {
    @TempDir Path tmp;

    @Test
    void removesNestedFoldersAndReportsNothing() throws Exception {
        Path work = tmp.resolve("work");
        Files.createDirectories(work.resolve("measured/checkpoints/job/chk-3"));
        Files.writeString(work.resolve("measured/checkpoints/job/chk-3/_metadata"), "x");
        Files.writeString(work.resolve("top.txt"), "y");

        String err = stderrOf(() -> Folders.deleteRecursively(work));

        assertThat(work).doesNotExist();
        assertThat(tmp).exists();
        assertThat(err).isEmpty();
    }

    @Test
    void aFolderAlreadyGoneIsNoProblem() {
        String err = stderrOf(() -> Folders.deleteRecursively(tmp.resolve("never-made")));

        assertThat(err).isEmpty();
    }

    private static String stderrOf(Runnable action) {
        PrintStream old = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
