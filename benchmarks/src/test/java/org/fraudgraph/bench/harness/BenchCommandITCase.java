package org.fraudgraph.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fraudgraph.cli.CliRun;
import org.junit.jupiter.api.Test;

/**
 * {@code fraudgraph bench} end to end on the first 30,000 events of the committed sample, short
 * runs: a broker in the process, the pass-through job, the full job at parallelism 2 and 1 and the
 * two latency runs and a one-minute soak all finish; every event gets its score (the harness waits
 * for each one), the latency runs and the soak score every measured event, and the last line
 * carries the five figures.
 */
class BenchCommandITCase {
    private static final Pattern LAST =
            Pattern.compile(
                    "events_per_s=(\\d+) passthrough_events_per_s=(\\d+) ratio=([0-9.]+)"
                            + " p99_ms=(\\d+) state_bytes_per_entity=(\\d+)");

    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d,\\d{3} ");

    @Test
    void measuresTheCeilingTheJobItsScalingAndItsLatency() {
        Path sample = Path.of("..", "replay-data", "sample");
        CliRun run =
                CliRun.of(
                        "bench",
                        "--data",
                        sample.toString(),
                        "--events",
                        "30000",
                        "--latency-seconds",
                        "4",
                        "--checkpoint-interval",
                        "2s",
                        "--soak-minutes",
                        "1",
                        "--soak-rate",
                        "300");
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        // The test's log goes to the same stream; the command's own lines are the others.
        List<String> lines =
                run.out().lines().filter(l -> !LOG_LINE.matcher(l).lookingAt()).toList();
        assertThat(run.out()).contains("30,000 events").contains("parallelism 2 / parallelism 1");
        List<String> latency = lines.stream().filter(l -> l.contains("events measured")).toList();
        assertThat(latency).hasSize(3).noneMatch(l -> l.contains("not scored"));
        // The soak: a minute of the sample after a minute of warm-up, one line per minute.
        assertThat(lines)
                .anyMatch(
                        l ->
                                l.matches(
                                        "  \\[  1 min\\] p50 \\d+ ms, p99 \\d+ ms, .* heap after GC .*"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("soak: ") && l.contains(" events measured at "));
        assertThat(lines).anyMatch(l -> l.startsWith("full-p2:") && l.contains("checkpoints,"));

        Matcher last = LAST.matcher(lines.get(lines.size() - 1));
        assertThat(last.matches()).as(lines.get(lines.size() - 1)).isTrue();
        double full = Double.parseDouble(last.group(1));
        double pass = Double.parseDouble(last.group(2));
        assertThat(full).isPositive();
        assertThat(pass).isPositive();
        assertThat(Double.parseDouble(last.group(3))).isCloseTo(full / pass, within(0.01));
        assertThat(Long.parseLong(last.group(4))).isPositive();
        assertThat(Long.parseLong(last.group(5))).isBetween(50L, 5_000L);
    }
}
