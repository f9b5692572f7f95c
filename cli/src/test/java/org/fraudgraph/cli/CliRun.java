package org.fraudgraph.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs {@code fraudgraph <args>} in this JVM and captures what it prints, as a person would see it.
 */
public record CliRun(int exit, String out, String err) {
    public static CliRun of(String... args) {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = FraudGraphCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new CliRun(exit, captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(console);
            console.print(captured.toString(StandardCharsets.UTF_8));
        }
    }
}
