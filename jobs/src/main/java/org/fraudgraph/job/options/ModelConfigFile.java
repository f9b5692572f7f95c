package org.fraudgraph.job.options;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudgraph.score.ModelConfig;
import org.fraudgraph.score.ScoringModel;

/**
 * Reads a scoring model from a JSON file (the format is {@link ModelConfig}'s). Every problem is
 * one line naming the file and the field.
 */
public final class ModelConfigFile {
    private ModelConfigFile() {}

    public static ScoringModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no config file " + file);
        }
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text");
        }
        try {
            return ModelConfig.parse(json);
        } catch (ModelConfig.Invalid e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }
}
