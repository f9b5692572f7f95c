package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
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

    @Test
    void aCheckpointExpiresBeforeTheKafkaTransactionItClosesCan() {
        Configuration byDefault = FlinkSettings.of(parse("--bootstrap-servers", "k:9092"), null);
        Configuration outage =
                FlinkSettings.of(
                        parse(
                                "--bootstrap-servers",
                                "k:9092",
                                "--transaction-timeout",
                                "60s",
                                "--checkpoint-interval",
                                "2s"),
                        null);

        assertThat(byDefault.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(295));
        assertThat(outage.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(29));
        assertThat(outage.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isZero();
        // The longest a transaction stays open: a checkpoint that took its whole timeout, then
        // the next one, which also may; still short of the transaction timeout.
        for (Configuration c : new Configuration[] {byDefault, outage}) {
            Duration timeout = c.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
            Duration interval = c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
            Duration longest = (interval.compareTo(timeout) > 0 ? interval : timeout).plus(timeout);
            assertThat(longest)
                    .isLessThan(c == byDefault ? Duration.ofMinutes(10) : Duration.ofSeconds(60));
        }
    }
}
