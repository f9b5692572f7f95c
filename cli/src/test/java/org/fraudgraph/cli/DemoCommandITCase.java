package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code fraudgraph demo} end to end, small: its own broker and MiniCluster, every event scored,
 * exit code 0.
 */
class DemoCommandITCase {
    @Test
    void aShortDemoScoresEveryEventShowsTheDeadLettersAndExitsCleanly() {
        CliRun run =
                CliRun.of(
                        "demo",
                        "--events",
                        "1500",
                        "--rate",
                        "1500",
                        "--bad-every",
                        "500",
                        "--accounts",
                        "10000",
                        "--web-ui-port",
                        "0");
        String output = run.out();
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(output)
                .contains("Scores: 1,500 (")
                .contains("Dead letters: 3 (")
                .contains("NOT_SINGLE_OBJECT 2")
                .contains("EVENT_TIME_OUT_OF_RANGE 1")
                .contains("Sample of scores")
                .contains("REVIEW")
                .contains("DEVICE_EMULATOR (")
                .contains("Ring cases on the case topic: 1 open")
                .containsPattern(
                        "CASE   \\d\\.\\d\\d  case-device-farm-\\p{XDigit}{16} v\\d+ DEVICE_FARM OPEN: \\d+ accounts, 1 device")
                .containsPattern(
                        "graph: device \\d+ acct/24h; IP \\d+ acct/24h; .*taint none; burst");
    }
}
