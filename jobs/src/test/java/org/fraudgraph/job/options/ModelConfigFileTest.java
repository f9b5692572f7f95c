package org.fraudgraph.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudgraph.score.ScoringModel;
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
    void readsAModelFile() throws IOException {
        ScoringModel model =
                ModelConfigFile.read(
                        file(
                                """
                {"version": "v7", "bias": -3, "thresholds": {"review": 0.5, "block": 0.8},
                 "terms": [{"code": "DEVICE_SHARED_24H", "feature": "device.accounts_24h",
                            "weight": 0.5, "from": 2, "detail": "{value} accounts"}]}"""));
        assertThat(model.version()).isEqualTo("v7");
        assertThat(model.thresholds().review()).isEqualTo(0.5);
        assertThat(model.terms()).hasSize(1);
    }

    @Test
    void eachProblemIsOneLineNamingTheFileAndTheField() throws IOException {
        Path f = file("{\"version\": \"v\", \"bias\": 0, \"thresholds\": {\"reveiw\": 0.5}}");
        assertThatThrownBy(() -> ModelConfigFile.read(f))
                .hasMessage(f + ": unknown field thresholds.reveiw (known: block, review)");
        assertThatThrownBy(() -> ModelConfigFile.read(file("{\"version\": ")))
                .hasMessageStartingWith(dir.resolve("model.json") + ": not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> ModelConfigFile.read(dir.resolve("absent.json")))
                .hasMessageStartingWith("no config file");
    }
}
