package org.fraudgraph.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fraudgraph.cli.CliRun;
import org.junit.jupiter.api.Test;

/**
 * {@code fraudgraph bench-features} on the committed sample: the full pipeline runs to the end and
 * the last line reports the speed and the state per entity, counted from the stages' own state
 * updates (every account of the sample holds state at the end: none has been quiet for 30 days).
 */
class BenchFeaturesITCase {
    private static final Pattern LAST =
            Pattern.compile("events_per_s=(\\d+) state_bytes_per_entity=(\\d+) entities=(\\d+)");

    private static final Pattern RATES =
            Pattern.compile(
                    "bench-features: ([0-9,]+) events/s between the 10 % and 90 % marks of the scores;"
                            + " ([0-9,]+) over the whole run \\(.*\\)");

    @Test
    void runsTheSampleAndReportsSpeedAndStatePerEntity() {
        Path sample = Path.of("..", "replay-data", "sample");
        CliRun run = CliRun.of("bench-features", "--data", sample.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).contains("149,279 events").endsWith("1 warm-up pass");
        // The JIT compiler's warm-up is a whole pass of its own before the measured one.
        assertThat(lines.stream().filter(l -> l.startsWith("bench-features: warm-up")))
                .singleElement()
                .asString()
                .matches(
                        "bench-features: warm-up 1 of 1: 149,279 events in [0-9.]+ s, not measured .*");
        assertThat(lines.get(lines.size() - 3)).contains("19,561 accounts");
        // The node stage's state cache served some of its reads.
        // Where the node stage's decoding goes: every event reads its IP and the IP's /24.
        assertThat(lines.get(lines.size() - 4))
                .matches(
                        "bench-features: node state decoded per event: [1-9][0-9,]* bytes; by kind, .*")
                .containsPattern("ip_prefix [1-9][0-9,]* \\(1\\.00 reads of [1-9][0-9,]*\\)")
                .containsPattern("merchant [1-9][0-9,]* \\(0\\.[0-9]+ reads of [1-9][0-9,]*\\)");
        assertThat(lines.get(lines.size() - 5))
                .matches(
                        "bench-features: node state cache: [0-9,]+ of [0-9,]+ reads served \\(\\d+ %\\), [0-9,]+ values written to RocksDB")
                .doesNotContain("(0 %)");
        // The rate of the last line is the one between the marks, not the whole run's.
        Matcher rates = RATES.matcher(lines.get(lines.size() - 2));
        assertThat(rates.matches()).as(lines.get(lines.size() - 2)).isTrue();
        Matcher last = LAST.matcher(lines.get(lines.size() - 1));
        assertThat(last.matches()).as(lines.get(lines.size() - 1)).isTrue();
        assertThat(Long.parseLong(last.group(1)))
                .isPositive()
                .isEqualTo(Long.parseLong(rates.group(1).replace(",", "")));
        assertThat(Long.parseLong(rates.group(2).replace(",", ""))).isPositive();
        assertThat(Long.parseLong(last.group(2))).isPositive();
        assertThat(Long.parseLong(last.group(3))).isGreaterThan(19_561);
    }
}
