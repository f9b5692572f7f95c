package org.fraudgraph.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code fraudgraph demo} end to end, small: its own broker and MiniCluster, every event scored,
 * exit code 0.
 */
class DemoCommandITCase {
    @Test
    void aShortDemoScoresEveryEventShowsTheDeadLettersAndExitsCleanly() {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit =
                    Cli.commandLine(new FraudGraphCli())
                            .execute(
                                    "demo",
                                    "--events",
                                    "1500",
                                    "--rate",
                                    "1500",
                                    "--bad-every",
                                    "500",
                                    "--web-ui-port",
                                    "0");
        } finally {
            System.setOut(console);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        console.println(output);
        assertThat(exit).isZero();
        assertThat(output)
                .contains("Scores: 1,500 (")
                .contains("Dead letters: 3 (")
                .contains("NOT_SINGLE_OBJECT 2")
                .contains("EVENT_TIME_OUT_OF_RANGE 1")
                .contains("Sample of scores")
                .contains("BLOCK");
    }
}
