package org.fraudgraph.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.fraudgraph.cli.FraudGraphCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The harness's commands reach {@code fraudgraph} through the class path (the command line does not
 * depend on this module), and refuse nonsense in one line like every other command.
 */
class HarnessCommandsTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = FraudGraphCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void theBenchCommandsAreFraudgraphCommands() {
        assertThat(FraudGraphCli.commandLine().getSubcommands())
                .containsKeys("bench", "bench-features", "bench-burst", "demo", "replay");
        assertThat(run("bench-features", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: fraudgraph bench-features");
    }

    @Test
    void benchRefusesNonsenseAndAForeignDataSetInOneLine(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        assertThat(run("bench", "--events", "10")).isEqualTo(2);
        assertThat(err.toString().lines())
                .containsExactly("fraudgraph: --events must be at least 1000");
        err.getBuffer().setLength(0);
        assertThat(run("bench", "--data", tmp.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1).first().asString().contains(tmp.toString());
        err.getBuffer().setLength(0);
        assertThat(run("bench", "--latency-rate", "2000", "--latency-seconds", "0")).isEqualTo(2);
        assertThat(err.toString().lines())
                .containsExactly(
                        "fraudgraph: --latency-rate needs latency runs: drop --latency-seconds 0");
    }

    @Test
    void aStateCacheTooLargeIsRefusedByTheBenchToo() {
        assertThat(run("bench", "--state-cache", "5000")).isEqualTo(2);
        assertThat(err.toString().lines())
                .containsExactly("fraudgraph: --state-cache must be between 0 and 4096 (MiB)");
    }
}
