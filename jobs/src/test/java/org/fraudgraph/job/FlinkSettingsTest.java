package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.JobOptions;
import org.junit.jupiter.api.Test;

class FlinkSettingsTest {

    private static JobOptions parse(String... args) {
        FraudGraphJob job = new FraudGraphJob();
        Cli.commandLine(job).parseArgs(args);
        return job.options;
    }

    @Test
    void networkBuffersWait25MillisecondsUnlessTheFlagSaysOtherwise() {
        Configuration byDefault = FlinkSettings.of(parse("--bootstrap-servers", "k:9092"), null);
        Configuration flagged =
                FlinkSettings.of(
                        parse("--bootstrap-servers", "k:9092", "--buffer-timeout", "40ms"), null);

        assertThat(byDefault.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(25));
        assertThat(flagged.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void theCommandsWithoutJobFlagsUseTheSameTimeout() {
        Configuration replay = FlinkSettings.of(Duration.ofSeconds(10), null, 2, null);

        assertThat(replay.get(ExecutionOptions.BUFFER_TIMEOUT))
                .isEqualTo(FlinkSettings.BUFFER_TIMEOUT);
    }
}
