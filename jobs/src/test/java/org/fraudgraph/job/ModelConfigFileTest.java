package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudgraph.score.VelocityScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigFileTest {
    @TempDir Path dir;

    private Path file(String json) throws IOException {
        Path f = dir.resolve("model.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void readsVersionThresholdsAndScales() throws IOException {
        VelocityScorer scorer =
                ModelConfigFile.read(
                        file(
                                """
                {"version": "v7", "thresholds": {"review": 0.5, "block": 0.8},
                 "velocity": {"eventsPer24hUnit": 10, "amountPer24hUnitMinor": 100000}}"""));
        assertThat(scorer.version()).isEqualTo("v7");
        assertThat(scorer.thresholds().review()).isEqualTo(0.5);
        assertThat(scorer.thresholds().block()).isEqualTo(0.8);
    }

    @Test
    void eachProblemIsOneLineNamingTheField() throws IOException {
        assertThatThrownBy(() -> ModelConfigFile.read(file("{\"thresholds\": {}}")))
                .hasMessageEndingWith("\"version\" must be a non-empty string");
        assertThatThrownBy(
                        () ->
                                ModelConfigFile.read(
                                        file(
                                                "{\"version\": \"v\", \"thresholds\": {\"reveiw\": 0.5}}")))
                .hasMessageContaining("unknown field thresholds.reveiw");
        assertThatThrownBy(
                        () ->
                                ModelConfigFile.read(
                                        file(
                                                "{\"version\": \"v\", \"thresholds\": {\"review\": 0.95, \"block\": 0.9}}")))
                .hasMessageContaining("need 0 <= review <= block <= 1");
        assertThatThrownBy(
                        () ->
                                ModelConfigFile.read(
                                        file(
                                                "{\"version\": \"v\", \"velocity\": {\"eventsPer24hUnit\": \"many\"}}")))
                .hasMessageContaining("\"velocity.eventsPer24hUnit\" must be a number");
        assertThatThrownBy(() -> ModelConfigFile.read(file("{\"version\": ")))
                .hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> ModelConfigFile.read(dir.resolve("absent.json")))
                .hasMessageStartingWith("no config file");
    }
}
